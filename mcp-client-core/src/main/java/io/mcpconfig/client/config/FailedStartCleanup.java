package io.mcpconfig.client.config;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the client of a start-up that failed before its bootstrap context closed into an
 * application context: the client is handed to the context as a bean, closed with it, only
 * when the bootstrap context closes, and a start that fails while its environment is
 * prepared (a later import, a post-processor, a property Boot cannot bind) never gets
 * there, so nothing else would shut its channel down. Each Boot line's adapter calls it
 * from that line's {@code SpringApplicationRunListener}.
 */
public final class FailedStartCleanup {

	private FailedStartCleanup() {
	}

	/**
	 * Closes the client the start created, unless the failed context holds it: that one
	 * is closed with the context, after the beans that use it.
	 * @param registration the client registration of the failed start's bootstrap context
	 * @param context the context of the failed start, {@code null} when it failed before
	 * one was created
	 */
	public static void closeClientOf(ClientRegistration registration, ConfigurableApplicationContext context) {
		boolean promoted = context != null && context.getBeanFactory().containsLocalBean(ClientRegistration.BEAN_NAME);
		if (!promoted && registration.decision().map(ImportDecision::enabled).orElse(false)) {
			registration.get().close();
		}
	}

}
