package io.mcpconfig.client.channel;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.mcpconfig.client.config.McpConfigClient;

/**
 * Matches when the client created by the {@code mcp:} import has a channel on an SSL
 * bundle. Decided by the client, whose settings were read once at the import, not by the
 * environment, where {@code mcp.client.ssl.bundle} may be blank (plaintext) or set by a
 * release.
 */
public class OnClientSslBundleCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (McpConfigClient client : context.getBeanFactory()
			.getBeansOfType(McpConfigClient.class, false, false)
			.values()) {
			if (client.sslBundle().isPresent()) {
				return ConditionOutcome.match(client + " has a channel on an SSL bundle");
			}
		}
		return ConditionOutcome.noMatch("no MCP Config client has a channel on an SSL bundle");
	}

}
