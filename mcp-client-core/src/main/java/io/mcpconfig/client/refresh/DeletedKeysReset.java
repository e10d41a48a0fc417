package io.mcpconfig.client.refresh;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.BeansException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.ObjectUtils;
import org.springframework.util.ReflectionUtils;

import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.ConfigRejectedException;
import io.mcpconfig.client.validation.PropertiesBean;

/**
 * Gives the properties of a {@code @ConfigurationProperties} bean whose keys were deleted
 * the values a newly bound instance of the bean's class has: what the rest of the
 * {@code Environment} sets, else the class's own initializer. Rebinding in place only sets
 * what the {@code Environment} holds, so without this a field whose key is gone keeps its
 * old value.
 * <p>
 * The reset moves each such property straight from its old value to its new one; a
 * nested JavaBean is updated in place, as Boot binds it, a getter-only map or list entry
 * by entry. Every property no deleted key names keeps its value, including one set in
 * code. Left as Spring Cloud 4 leaves them: beans declared by a {@code @Bean} method
 * (their values come from the method, not from the class) and value objects (constructor
 * binding); the refresher skips classes listed in
 * {@code spring.cloud.refresh.never-refreshable} before it gets here.
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
	 * @param target the live instance, unwrapped from any AOP proxy
	 * @param event the change, already visible in the {@code Environment}
	 */
	void reset(PropertiesBean bean, Object target, ConfigChangeEvent event) {
		Set<ConfigurationPropertyName> deleted = deletedUnder(ConfigurationPropertyName.of(bean.prefix()), event);
		if (deleted.isEmpty() || bean.declaredByMethod() || bean.isValueObject()) {
			return;
		}
		try {
			Object bound = this.binding.bindNew(bean, event);
			if (bound != null) {
				copy(bound, target, deleted, 0);
			}
		}
		catch (ConfigRejectedException ex) {
			// The rebind that follows reports the same failure.
			logger.debug("Not resetting @ConfigurationProperties bean '" + bean.name() + "': " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not reset the deleted keys " + deleted + " of @ConfigurationProperties bean '"
					+ bean.name() + "'; they keep their values: " + ex);
		}
	}

	/** The deleted keys under the prefix, relative to it: a key naming the prefix itself never bound a value. */
	private static Set<ConfigurationPropertyName> deletedUnder(ConfigurationPropertyName prefix,
			ConfigChangeEvent event) {
		return event.getChanges()
			.values()
			.stream()
			.filter((change) -> change.type() == ChangeType.DELETED)
			.map((change) -> ConfigurationPropertyName.adapt(change.key(), '.'))
			.filter(prefix::isAncestorOf)
			.map((key) -> key.subName(prefix.getNumberOfElements()))
			.collect(Collectors.toSet());
	}

	private static void copy(Object from, Object to, Set<ConfigurationPropertyName> deleted, int depth) {
		BeanWrapper source = new BeanWrapperImpl(from);
		BeanWrapper destination = new BeanWrapperImpl(to);
		for (PropertyDescriptor property : destination.getPropertyDescriptors()) {
			String name = property.getName();
			ConfigurationPropertyName key = ConfigurationPropertyName.ofIfValid(boundName(to.getClass(), name));
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
				if (isNestedBean(current, next)) {
					// in place, as Boot binds it: whoever holds the nested object sees the change;
					// a key naming the object itself never bound a value to it
					Set<ConfigurationPropertyName> inside = new HashSet<>(below);
					inside.remove(ConfigurationPropertyName.EMPTY);
					if (!inside.isEmpty() && depth < MAX_DEPTH) {
						copy(next, current, inside, depth + 1);
					}
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

	/** The name Boot binds a JavaBean property under: its field's {@code @Name}, else the dashed property name. */
	private static String boundName(Class<?> type, String property) {
		Field field = ReflectionUtils.findField(type, property);
		Name name = (field != null) ? field.getAnnotation(Name.class) : null;
		return (name != null) ? name.value() : DataObjectPropertyName.toDashedForm(property);
	}

	/** The deleted keys that name a property or lie under it, relative to it (the empty name: the property itself). */
	private static Set<ConfigurationPropertyName> below(ConfigurationPropertyName property,
			Set<ConfigurationPropertyName> deleted) {
		return deleted.stream()
			.filter((key) -> property.equals(key) || property.isAncestorOf(key))
			.map((key) -> key.subName(property.getNumberOfElements()))
			.collect(Collectors.toSet());
	}

	/**
	 * Whether both values are one nested JavaBean type, which Boot binds in place: a type
	 * with writable properties. A value type (a record, {@code DataSize}) has none and is
	 * replaced through the setter.
	 */
	private static boolean isNestedBean(Object current, Object next) {
		if (current == null || next == null || current.getClass() != next.getClass()
				|| BeanUtils.isSimpleValueType(current.getClass()) || current instanceof Map
				|| current instanceof Collection || current.getClass().isArray()
				|| current.getClass().getName().startsWith("java.")) {
			return false;
		}
		BeanWrapper nested = new BeanWrapperImpl(current);
		return Arrays.stream(nested.getPropertyDescriptors())
			.anyMatch((property) -> nested.isWritableProperty(property.getName()));
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
