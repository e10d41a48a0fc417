package io.mcpconfig.client.actuate;

import java.util.HashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code mcp} actuator endpoint.
 */
@ConfigurationProperties("management.endpoint.mcp")
public class McpEndpointProperties {

	/**
	 * When to show property values, as for Boot's env and configprops endpoints. Values of
	 * keys that look secret (the last segment contains password, passwd, pwd, secret, token
	 * or credential, or ends with key), passwords in URLs and connection strings, and values
	 * that a SanitizingFunction masks are masked even when values are shown.
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown values. When
	 * empty, all authenticated users are authorized.
	 */
	private final Set<String> roles = new HashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
