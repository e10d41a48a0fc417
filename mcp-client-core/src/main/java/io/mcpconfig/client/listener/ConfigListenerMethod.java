package io.mcpconfig.client.listener;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyNameException;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * One {@link McpConfigListener} method of a bean: which changes concern it and how to
 * call it.
 *
 * @param beanName the bean whose method it is
 * @param method the method to call on the bean as the context hands it out (a proxy's, if
 * it is proxied)
 * @param keys the keys whose change calls it
 * @param prefixes the prefixes at or under which a change calls it
 * @param takesEvent whether it takes the event
 */
record ConfigListenerMethod(String beanName, Method method, List<String> keys, List<String> prefixes,
		boolean takesEvent) {

	/**
	 * The listener a method declares, checked as the application starts.
	 * @param beanName the bean
	 * @param beanType the type of the bean as the context hands it out
	 * @param declared the annotated method of the bean's class
	 * @param annotation its annotation
	 * @return the listener
	 * @throws IllegalStateException if the method takes anything else than the event, or
	 * a prefix is not a property name
	 */
	static ConfigListenerMethod of(String beanName, Class<?> beanType, Method declared, McpConfigListener annotation) {
		String where = "@McpConfigListener method " + ClassUtils.getShortName(declared.getDeclaringClass()) + "."
				+ declared.getName() + " of bean '" + beanName + "'";
		Class<?>[] parameters = declared.getParameterTypes();
		boolean takesEvent = parameters.length == 1 && parameters[0].isAssignableFrom(ConfigChangeEvent.class);
		if (parameters.length > 1 || (parameters.length == 1 && !takesEvent)) {
			throw new IllegalStateException(where + " must take a ConfigChangeEvent or no argument");
		}
		for (String prefix : annotation.prefixes()) {
			try {
				ConfigurationPropertyName.of(prefix);
			}
			catch (InvalidConfigurationPropertyNameException ex) {
				throw new IllegalStateException(where + ": prefix '" + prefix + "' is not a property name in "
						+ "canonical form (lower-case, dot-separated, such as 'orders.retry')", ex);
			}
		}
		Method method = AopUtils.selectInvocableMethod(declared, beanType);
		ReflectionUtils.makeAccessible(method);
		return new ConfigListenerMethod(beanName, method, List.of(annotation.keys()), List.of(annotation.prefixes()),
				takesEvent);
	}

	/**
	 * Whether a change calls this listener: it changed one of the keys or a key at or under
	 * one of the prefixes; without keys and prefixes, whether it changed anything.
	 * @param event the change
	 * @return whether to call the listener
	 */
	boolean concerns(ConfigChangeEvent event) {
		if (this.keys.isEmpty() && this.prefixes.isEmpty()) {
			return !event.getChanges().isEmpty();
		}
		return this.keys.stream().anyMatch(event::isChanged) || this.prefixes.stream().anyMatch(event::isChangedUnder);
	}

	/**
	 * Calls the listener.
	 * @param bean the bean, as the context hands it out
	 * @param event the change
	 * @throws Throwable what the method threw
	 */
	void invoke(Object bean, ConfigChangeEvent event) throws Throwable {
		try {
			if (this.takesEvent) {
				this.method.invoke(bean, event);
			}
			else {
				this.method.invoke(bean);
			}
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	@Override
	public String toString() {
		return ClassUtils.getShortName(this.method.getDeclaringClass()) + "." + this.method.getName() + " of bean '"
				+ this.beanName + "'";
	}

}
