package io.mcpconfig.client.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.protocol.SecretKeys;

/**
 * The {@code mcp} actuator endpoint ({@code /actuator/mcp}): the configuration this
 * instance holds, where it comes from, the sync status and every property. Values of keys
 * that look secret (see {@link SecretKeys#isLikelySecret(String)}) are masked as {@code ******},
 * then the application's {@link SanitizingFunction}s apply, as for Boot's {@code env}
 * endpoint; {@code management.endpoint.mcp.show-values} decides whether the remaining
 * values are shown.
 */
@Endpoint(id = "mcp")
public class McpEndpoint {

	private final McpConfigClient client;

	private final SyncStatusTracker tracker;

	private final Sanitizer sanitizer;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Creates the endpoint.
	 * @param client the client whose configuration to show
	 * @param tracker the sync status
	 * @param sanitizingFunctions the application's functions, applied after the secret
	 * key rule
	 * @param showValues when to show values that no rule masks
	 * @param roles the roles that may see values when {@code showValues} is
	 * {@link Show#WHEN_AUTHORIZED}; any authenticated user when empty
	 */
	public McpEndpoint(McpConfigClient client, SyncStatusTracker tracker,
			Iterable<SanitizingFunction> sanitizingFunctions, Show showValues, Set<String> roles) {
		this.client = client;
		this.tracker = tracker;
		List<SanitizingFunction> functions = new ArrayList<>();
		// Not SanitizingFunction.sanitizeValue(): Boot 3.4 does not have it.
		functions.add(McpEndpoint::maskSecrets);
		sanitizingFunctions.forEach(functions::add);
		this.sanitizer = new Sanitizer(functions);
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	private static SanitizableData maskSecrets(SanitizableData data) {
		Object shown = SecretKeys.shown(data.getKey(), data.getValue());
		return Objects.equals(shown, data.getValue()) ? data : data.withValue(shown);
	}

	/**
	 * Describes the configuration this instance holds.
	 * @param securityContext who asks, for {@link Show#WHEN_AUTHORIZED}
	 * @return the description
	 */
	@ReadOperation
	public McpDescriptor mcp(SecurityContext securityContext) {
		HeldConfig held = this.client.held();
		SyncStatus status = this.tracker.status();
		boolean showUnsanitized = this.showValues.isShown(securityContext, this.roles);
		Map<String, Object> properties = new LinkedHashMap<>();
		new TreeMap<>(held.properties()).forEach((key, value) -> properties.put(key, this.sanitizer
			.sanitize(new SanitizableData(this.client.propertySource(), key, value), showUnsanitized)));
		return new McpDescriptor(held.target(), held.version(), held.checksum(), held.source(), held.publishedAt(),
				held.receivedAt(), status.server(), status.isDegraded(held), status, properties);
	}

	/**
	 * What the {@code mcp} endpoint answers.
	 *
	 * @param target the application and environment
	 * @param version the version held, {@code 0} for none
	 * @param checksum the checksum of the properties
	 * @param source where the configuration comes from
	 * @param publishedAt when the release was published, the epoch when unknown
	 * @param receivedAt when this instance took the configuration
	 * @param server the config center address of the sync stream, {@code null} when not
	 * connected
	 * @param degraded whether the instance runs without the config center's confirmation
	 * @param status the sync status
	 * @param properties every property, sorted by key, with masked values
	 */
	public record McpDescriptor(ConfigTarget target, long version, String checksum, ConfigSource source,
			Instant publishedAt, Instant receivedAt, String server, boolean degraded, SyncStatus status,
			Map<String, Object> properties) {
	}

}
