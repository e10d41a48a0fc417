package io.mcpconfig.client.refresh;

import java.beans.PropertyDescriptor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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
import org.springframework.util.ObjectUtils;

import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * Gives a {@code @ConfigurationProperties} bean under a deleted key the values it would
 * hold if the application started now. Rebinding in place only sets what the
 * {@code Environment} holds, so without this a field whose key is gone keeps its old
 * value.
 * <p>
 * A new instance is bound from the live property sources and the live bean takes its
 * values property by property, each straight from old to new: a concurrent reader never
 * sees a field pass through an unbound default on its way. Getter-only nested objects are
 * updated in place, getter-only maps and collections refilled. Beans under no deleted key
 * are left alone, and so is a value object (constructor binding), which cannot change.
 */
final class DeletedKeysReset {

	private static final Log logger = LogFactory.getLog(DeletedKeysReset.class);

	// Deeper graphs are left to the rebind; it guards against cycles too.
	private static final int MAX_DEPTH = 8;

	private final CandidateBinding binding;

	DeletedKeysReset(CandidateBinding binding) {
		this.binding = binding;
	}

	void reset(ConfigurationPropertiesBean bean) {
		if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
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
		copy(bound, target, 0);
	}

	private static void copy(Object from, Object to, int depth) {
		BeanWrapper source = new BeanWrapperImpl(from);
		BeanWrapper destination = new BeanWrapperImpl(to);
		for (PropertyDescriptor property : destination.getPropertyDescriptors()) {
			String name = property.getName();
			if (!source.isReadableProperty(name) || !destination.isReadableProperty(name)) {
				continue;
			}
			try {
				Object next = source.getPropertyValue(name);
				Object current = destination.getPropertyValue(name);
				if (ObjectUtils.nullSafeEquals(current, next)) {
					continue;
				}
				if (isNestedBean(current, next) && depth < MAX_DEPTH) {
					// in place: whoever holds the nested object sees the change
					copy(next, current, depth + 1);
				}
				else if (destination.isWritableProperty(name)) {
					destination.setPropertyValue(name, next);
				}
				else if (current != null && next != null) {
					refill(current, next);
				}
			}
			catch (BeansException | UnsupportedOperationException ex) {
				// The rebind sets whatever the Environment holds; only a default is lost.
				logger.debug("Could not reset property '" + name + "' of " + to.getClass().getName() + ": " + ex);
			}
		}
	}

	private static boolean isNestedBean(Object current, Object next) {
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
