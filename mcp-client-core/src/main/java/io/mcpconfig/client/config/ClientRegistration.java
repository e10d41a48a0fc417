package io.mcpconfig.client.config;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Keeps the one {@link McpConfigClient} of an application in its bootstrap context while
 * the environment is prepared, and hands the same instance to the application context as
 * the bean {@value #BEAN_NAME}, which closes it with the context. Boot's bootstrap
 * registry moved package in Boot 4, so each Boot line's adapter implements this over its
 * own registry; what the application context gets is the same on every line.
 */
public abstract class ClientRegistration {

	/** The name of the client's bean in the application context. */
	public static final String BEAN_NAME = "mcpConfigClient";

	/**
	 * Registers the client unless it already is, to be promoted into the application
	 * context by {@link #promote} when the bootstrap context closes. A refresh re-runs the
	 * resolver in the same bootstrap context and must keep the client, its channel and
	 * what it holds.
	 * @param factory creates the client, at once
	 */
	public abstract void registerAndPromote(Supplier<McpConfigClient> factory);

	/**
	 * The registered client.
	 * @return the client
	 */
	public abstract McpConfigClient get();

	/**
	 * What the first resolve of an {@code mcp:} import in this bootstrap context decided.
	 * @return the decision, empty before the first resolve
	 */
	public abstract Optional<ImportDecision> decision();

	/**
	 * Keeps the first resolve's decision for the later ones.
	 * @param decision whether the client is on
	 */
	public abstract void decide(ImportDecision decision);

	/**
	 * Hands the client to the application context, to be closed with it.
	 * @param client the client
	 * @param context the application context the bootstrap context closed into
	 */
	protected static void promote(McpConfigClient client, ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		// local: a parent context's client is another application's, with an environment of its own
		if (beanFactory.containsLocalBean(BEAN_NAME)) {
			return;
		}
		beanFactory.registerSingleton(BEAN_NAME, client);
		// Closed with the context, after the beans that use it, and also when the context
		// fails before its beans are created.
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, client::close);
	}

}
