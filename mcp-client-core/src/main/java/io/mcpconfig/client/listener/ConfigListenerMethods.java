package io.mcpconfig.client.listener;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Calls the {@link McpConfigListener} methods of the application's beans with each
 * {@link ConfigChangeEvent} that concerns them, in the order of the beans' definitions.
 * The methods are found once, when every singleton exists (as Spring finds
 * {@code @EventListener} methods, proxied and scoped beans included), and checked then:
 * a method with other arguments, or an invalid prefix, stops the start-up. A listener that
 * throws is logged and the next one is called. In a context hierarchy, each context's
 * listeners hear of its own client's changes only.
 */
public class ConfigListenerMethods implements SmartInitializingSingleton, ApplicationListener<ConfigChangeEvent> {

	private static final Log logger = LogFactory.getLog(ConfigListenerMethods.class);

	private final ConfigurableListableBeanFactory beanFactory;

	// Written once at start-up, read on the client's thread.
	private volatile List<ConfigListenerMethod> listeners = List.of();

	/** This context's clients, whose events are this context's; written once at start-up. */
	private volatile List<McpConfigClient> ownClients = List.of();

	public ConfigListenerMethods(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ConfigListenerMethod> found = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class)) {
			Class<?> type = ScopedProxyUtils.isScopedTarget(beanName) ? null : targetClass(beanName);
			if (type != null && !isSpringContainerClass(type)
					&& AnnotationUtils.isCandidateClass(type, McpConfigListener.class)) {
				Class<?> beanType = this.beanFactory.getType(beanName);
				MethodIntrospector
					.selectMethods(type,
							(MethodIntrospector.MetadataLookup<McpConfigListener>) (method) -> AnnotatedElementUtils
								.findMergedAnnotation(method, McpConfigListener.class))
					.forEach((method, annotation) -> found
						.add(ConfigListenerMethod.of(beanName, beanType, method, annotation)));
			}
		}
		this.listeners = List.copyOf(found);
		this.ownClients = List.copyOf(this.beanFactory.getBeansOfType(McpConfigClient.class, false, false).values());
	}

	/**
	 * Spring's and Boot's own infrastructure, most of an application's beans, declares no
	 * listener of ours, so their methods are not scanned at start-up; Spring's
	 * {@code EventListenerMethodProcessor} skips them the same way.
	 */
	private static boolean isSpringContainerClass(Class<?> type) {
		return type.getName().startsWith("org.springframework.")
				&& !AnnotatedElementUtils.isAnnotated(ClassUtils.getUserClass(type), Component.class);
	}

	/** The class the bean's methods are declared in: behind a proxy, and behind a scoped proxy its target's. */
	private Class<?> targetClass(String beanName) {
		try {
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type != null && ScopedObject.class.isAssignableFrom(type)) {
				Class<?> target = AutoProxyUtils.determineTargetClass(this.beanFactory,
						ScopedProxyUtils.getTargetBeanName(beanName));
				return (target != null) ? target : type;
			}
			return type;
		}
		catch (RuntimeException ex) {
			// A type that cannot be resolved (a lazy bean's, say) declares no listener we could call.
			logger.debug("Could not resolve the type of bean '" + beanName + "'", ex);
			return null;
		}
	}

	@Override
	public void onApplicationEvent(ConfigChangeEvent event) {
		if (isChildContexts(event)) {
			return;
		}
		for (ConfigListenerMethod listener : this.listeners) {
			if (listener.concerns(event)) {
				try {
					listener.invoke(this.beanFactory.getBean(listener.beanName()), event);
				}
				catch (Throwable ex) {
					logger.error("@McpConfigListener " + listener + " failed on " + event, ex);
				}
			}
		}
	}

	/**
	 * A child context's client changed its configuration: Spring hands a child's events to
	 * its parent too, but the parent's beans bind the parent's configuration, which did
	 * not change with it.
	 */
	private boolean isChildContexts(ConfigChangeEvent event) {
		return event.getSource() instanceof McpConfigClient client
				&& this.ownClients.stream().noneMatch((own) -> own == client);
	}

}
