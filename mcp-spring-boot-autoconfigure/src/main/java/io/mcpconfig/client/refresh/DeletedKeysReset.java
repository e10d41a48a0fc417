package io.mcpconfig.client.refresh;

import java.beans.PropertyDescriptor;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.ObjectUtils;

import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * Gives the properties of a {@code @ConfigurationProperties} bean whose keys were deleted
 * the values they would have if the application started now. Rebinding in place only sets
 * what the {@code Environment} holds, so without this a field whose key is gone keeps its
 * old value.
 * <p>
 * A new instance is bound from the live property sources and the live bean takes, for
 * each property a deleted key names, the new instance's value, straight from old to new:
 * a concurrent reader never sees it pass through an unbound default. A getter-only nested
 * object is updated in place, a getter-only map or list entry by entry. Every other
 * property keeps its value, including one set in code; a value object (constructor
 * binding) cannot change in place and is left to {@code @RefreshScope}.
 */
final class DeletedKeysReset {

	private static final Log logger = LogFactory.getLog(DeletedKeysReset.class);

	// Deeper graphs are left as the rebind leaves them; it guards against cycles too.
	private static final int MAX_DEPTH = 8;

	private final CandidateBinding binding;

	DeletedKeysReset(CandidateBinding binding) {
		this.binding = binding;
	}

	/**
	 * Resets what the deleted keys of a change name in a bean, if any.
	 * @param bean the bean, about to be rebound
	 * @param event the change, already visible in the {@code Environment}
	 */
	void reset(ConfigurationPropertiesBean bean, ConfigChangeEvent event) {
		Set<ConfigurationPropertyName> deleted = deletedUnder(ConfigurationPropertyName.of(bean.getAnnotation().prefix()),
				event);
		if (deleted.isEmpty() || bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
			return;
		}
		Object live = bean.getInstance();
		Object target = AopUtils.isAopProxy(live) ? AopProxyUtils.getSingletonTarget(live) : live;
		if (target == null) {
			return;
		}
		Object bound;
		try {
			bound = this.binding.bindNew(bean);
		}
		catch (ConfigRejectedException ex) {
			// The rebind that follows reports the same failure.
			logger.debug("Not resetting @ConfigurationProperties bean '" + bean.getName() + "': " + ex.getMessage());
			return;
		}
		copy(bound, target, deleted, 0);
	}

	/** The deleted keys at or under the prefix, relative to it. */
	private static Set<ConfigurationPropertyName> deletedUnder(ConfigurationPropertyName prefix,
			ConfigChangeEvent event) {
		return event.getChanges()
			.values()
			.stream()
			.filter((change) -> change.type() == ChangeType.DELETED)
			.map((change) -> ConfigurationPropertyName.adapt(change.key(), '.'))
			.filter((key) -> prefix.equals(key) || prefix.isAncestorOf(key))
			.map((key) -> key.subName(prefix.getNumberOfElements()))
			.collect(Collectors.toSet());
	}

	private static void copy(Object from, Object to, Set<ConfigurationPropertyName> deleted, int depth) {
		BeanWrapper source = new BeanWrapperImpl(from);
		BeanWrapper destination = new BeanWrapperImpl(to);
		for (PropertyDescriptor property : destination.getPropertyDescriptors()) {
			String name = property.getName();
			ConfigurationPropertyName key = ConfigurationPropertyName
				.ofIfValid(DataObjectPropertyName.toDashedForm(name));
			Set<ConfigurationPropertyName> below = (key != null) ? below(key, deleted) : Set.of();
			if (below.isEmpty() || !source.isReadableProperty(name) || !destination.isReadableProperty(name)) {
				continue;
			}
			try {
				Object next = source.getPropertyValue(name);
				Object current = destination.getPropertyValue(name);
				if (ObjectUtils.nullSafeEquals(current, next)) {
					continue;
				}
				if (isNestedObject(current, next) && depth < MAX_DEPTH) {
					// in place: whoever holds the nested object sees the change
					copy(next, current, below, depth + 1);
				}
				else if (destination.isWritableProperty(name)) {
					destination.setPropertyValue(name, next);
				}
				else if (current != null && next != null) {
					refill(current, next);
				}
			}
			catch (BeansException | UnsupportedOperationException ex) {
				logger.debug("Could not reset property '" + name + "' of " + to.getClass().getName() + ": " + ex);
			}
		}
	}

	/**
	 * The deleted keys that name a property or lie under it, relative to it; a key deleted
	 * above the property (the empty name) covers all of it.
	 */
	private static Set<ConfigurationPropertyName> below(ConfigurationPropertyName property,
			Set<ConfigurationPropertyName> deleted) {
		if (deleted.contains(ConfigurationPropertyName.EMPTY)) {
			return Set.of(ConfigurationPropertyName.EMPTY);
		}
		return deleted.stream()
			.filter((key) -> property.equals(key) || property.isAncestorOf(key))
			.map((key) -> key.subName(property.getNumberOfElements()))
			.collect(Collectors.toSet());
	}

	private static boolean isNestedObject(Object current, Object next) {
		return current != null && next != null && current.getClass() == next.getClass()
				&& !BeanUtils.isSimpleValueType(current.getClass()) && !(current instanceof Map)
				&& !(current instanceof Collection) && !current.getClass().isArray()
				&& !current.getClass().getName().startsWith("java.");
	}

	/** A getter-only map or collection, changed entry by entry: never seen empty on the way. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void refill(Object current, Object next) {
		if (current instanceof Map map && next instanceof Map values) {
			map.keySet().retainAll(values.keySet());
			map.putAll(values);
		}
		else if (current instanceof List list && next instanceof List values) {
			for (int i = 0; i < values.size(); i++) {
				if (i < list.size()) {
					list.set(i, values.get(i));
				}
				else {
					list.add(values.get(i));
				}
			}
			while (list.size() > values.size()) {
				list.remove(list.size() - 1);
			}
		}
		else if (current instanceof Collection collection && next instanceof Collection values) {
			collection.retainAll(values);
			collection.addAll(values);
		}
	}

}
