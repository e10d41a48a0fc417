package io.mcpconfig.client.config;

import java.util.function.Supplier;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.BootstrapContext;
import org.springframework.boot.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the one {@link McpConfigClient} of an application in its bootstrap context while
 * the environment is prepared, and hands the same instance to the application context as
 * the bean {@value #BEAN_NAME}, which closes it with the context. The only place that
 * touches Boot's bootstrap registry, whose package moves in Boot 4.
 */
final class ClientRegistration {

	static final String BEAN_NAME = "mcpConfigClient";

	private ClientRegistration() {
	}

	/**
	 * Registers the client unless it already is: a refresh re-runs the resolver in the same
	 * bootstrap context and must keep the client, its channel and what it holds.
	 */
	static void registerAndPromote(ConfigurableBootstrapContext bootstrap, Supplier<McpConfigClient> factory) {
		if (bootstrap.isRegistered(McpConfigClient.class)) {
			return;
		}
		bootstrap.register(McpConfigClient.class, InstanceSupplier.from(factory));
		bootstrap.addCloseListener((event) -> promote(event.getBootstrapContext().get(McpConfigClient.class),
				event.getApplicationContext()));
	}

	static boolean isRegistered(BootstrapContext bootstrap) {
		return bootstrap.isRegistered(McpConfigClient.class);
	}

	static McpConfigClient get(BootstrapContext bootstrap) {
		return bootstrap.get(McpConfigClient.class);
	}

	private static void promote(McpConfigClient client, ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		if (beanFactory.containsBean(BEAN_NAME)) {
			return;
		}
		beanFactory.registerSingleton(BEAN_NAME, client);
		// Closed with the context, after the beans that use it, and also when the context
		// fails before its beans are created.
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, client::close);
	}

}
