package io.mcpconfig.server.events;

import java.time.Duration;

import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.security.Tokens;
import io.mcpconfig.server.store.ReleaseStore;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event streams the console reads ({@link EventsController}). */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

	/**
	 * Each stream costs a connection and a little memory, no thread: enough for every
	 * operator's console, and a bound on what a script looping on opens can take.
	 */
	private static final int MAX_STREAMS = 256;

	/**
	 * An eighth of the slots: more than the tabs an operator, or a team sharing a token,
	 * keeps open, while a token at its share leaves seven eighths for everyone else.
	 */
	private static final int MAX_STREAMS_PER_TOKEN = 32;

	/** Below the idle timeouts of common proxies (60 s). */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private static final Duration INSTANCE_CHECK = Duration.ofSeconds(1);

	@Bean
	EventStreams eventStreams(ReleaseStore store, InstanceRegistry instances) {
		return new EventStreams(store, instances, MAX_STREAMS, MAX_STREAMS_PER_TOKEN, HEARTBEAT, INSTANCE_CHECK);
	}

	@Bean
	InitializingBean revokedTokensEndTheirEventStreams(ObjectProvider<Tokens> tokens, EventStreams streams) {
		return () -> tokens.ifAvailable((available) -> available.onRevoked(streams::revoked));
	}

}
