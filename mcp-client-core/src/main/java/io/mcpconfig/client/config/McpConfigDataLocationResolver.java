package io.mcpconfig.client.config;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.util.StringUtils;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.channel.ClientSslBundle;

/**
 * Resolves {@code spring.config.import: "mcp:"} (or {@code "optional:mcp:"}): binds the
 * {@code mcp.client.*} settings from the environment prepared so far and registers the
 * application's one {@link McpConfigClient}, created on first use. Each Boot line's adapter
 * supplies the {@link ClientRegistration} over its bootstrap context.
 */
public abstract class McpConfigDataLocationResolver implements ConfigDataLocationResolver<McpConfigDataResource> {

	/** The import prefix. */
	public static final String PREFIX = "mcp:";

	private final Log log;

	protected McpConfigDataLocationResolver(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(McpConfigDataLocationResolver.class);
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	@Override
	public List<McpConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		// Resolved once profiles are active, so profile-specific mcp.client.* settings apply.
		return List.of();
	}

	@Override
	public List<McpConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
			ConfigDataLocation location, Profiles profiles) {
		if (!location.getNonPrefixedValue(PREFIX).isBlank()) {
			throw new IllegalArgumentException("spring.config.import '" + location
					+ "' is not supported: import \"mcp:\" and set the server with mcp.client.server-addresses");
		}
		ClientRegistration registration = registration(context);
		Optional<ImportDecision> earlier = registration.decision();
		if (earlier.isPresent()) {
			// a refresh: the client of the start, or none, whatever the copied environment
			// says; or Spring Cloud's bootstrap application: none
			return List.of(earlier.get().enabled()
					? McpConfigDataResource.of(registration.get().target(), location.isOptional())
					: McpConfigDataResource.disabled(location.isOptional()));
		}
		Binder binder = context.getBinder();
		McpClientProperties properties = binder.bind(McpClientProperties.PREFIX, McpClientProperties.class)
			.orElseGet(McpClientProperties::new);
		if (!properties.isEnabled()) {
			this.log.debug("MCP Config is disabled (mcp.client.enabled=false): ignoring " + location);
			registration.decide(new ImportDecision(false));
			return List.of(McpConfigDataResource.disabled(location.isOptional()));
		}
		ConfigTarget target = target(properties, binder);
		// created once per bootstrap context: the bundle is read, and a clear-text token
		// warned about, once, not again on every refresh
		// what Boot matches on-profile against: the active profiles, or the default ones when none is
		List<String> active = List.copyOf(profiles.getAccepted());
		registration.registerAndPromote(() -> {
			McpConfigClient client = McpConfigClient.create(properties, target, sslBundle(properties, binder), this.log);
			client.activeProfiles(active);
			return client;
		});
		registration.decide(new ImportDecision(true));
		return List.of(McpConfigDataResource.of(target, location.isOptional()));
	}

	/**
	 * The client registration of the bootstrap context being prepared.
	 * @param context the resolver context
	 * @return the registration
	 */
	protected abstract ClientRegistration registration(ConfigDataLocationResolverContext context);

	/** The channel's SSL bundle; none without a name, or in local-file mode, which has no channel. */
	private static ClientSslBundle sslBundle(McpClientProperties properties, Binder binder) {
		String name = properties.getSsl().getBundle();
		if (!StringUtils.hasText(name) || properties.getLocalFile() != null) {
			return null;
		}
		return ClientSslBundle.bind(name.trim(), binder);
	}

	/** The configured target; a name that breaks the rule is reported with its setting. */
	private static ConfigTarget target(McpClientProperties properties, Binder binder) {
		String app;
		if (StringUtils.hasText(properties.getApp())) {
			app = properties.getApp().trim();
			ConfigTarget.requireName(McpClientProperties.PREFIX + ".app", app);
		}
		else {
			app = binder.bind("spring.application.name", String.class).orElse(null);
			if (!StringUtils.hasText(app)) {
				throw new IllegalArgumentException(
						"The MCP Config application is not set: set spring.application.name or mcp.client.app");
			}
			ConfigTarget.requireName("spring.application.name", app);
		}
		ConfigTarget.requireName(McpClientProperties.PREFIX + ".env", properties.getEnv());
		return new ConfigTarget(app, properties.getEnv());
	}

}
