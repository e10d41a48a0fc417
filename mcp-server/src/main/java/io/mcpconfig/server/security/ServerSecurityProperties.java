package io.mcpconfig.server.security;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security of the config center, under {@code mcp.server.security}.
 *
 * @param enabled whether every call but health needs a bearer token; turning it off leaves
 * the admin API and every application's configuration open to anyone who reaches the ports
 * (a warning says so at every start)
 * @param adminToken the secret of an admin token (named {@code admin}), kept in memory only:
 * give it from the environment ({@code MCP_SERVER_SECURITY_ADMIN_TOKEN}); when not set and
 * no admin token is stored, the first start generates one into {@code admin-token-file}
 * @param adminTokenFile where a generated first admin token is written, readable by its
 * owner only; defaults to {@code admin-token} in {@code mcp.server.file.dir}
 * @param refreshInterval how often the stored tokens are read again: a token created or
 * revoked on another replica counts here within this time, and sessions of a revoked token
 * end within it
 */
@ConfigurationProperties("mcp.server.security")
public record ServerSecurityProperties(@DefaultValue("true") boolean enabled, String adminToken, Path adminTokenFile,
		@DefaultValue("2s") Duration refreshInterval) {

	public ServerSecurityProperties {
		adminToken = (adminToken == null || adminToken.isBlank()) ? null : adminToken.trim();
		if (adminToken != null && adminToken.length() < 16) {
			throw new IllegalArgumentException(
					"mcp.server.security.admin-token must have at least 16 characters; generate one with "
							+ "'openssl rand -base64 32'");
		}
	}

}
