package io.mcpconfig.client.local;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.mcpconfig.client.config.McpConfigClient;

/**
 * Matches when the client created by the {@code mcp:} import serves
 * {@code mcp.client.local-file}. Decided by the client, whose settings were read once at
 * the import, not by the environment, where a release could name a local file.
 */
public class OnLocalFileCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, McpConfigClient> clients = context.getBeanFactory()
			.getBeansOfType(McpConfigClient.class, false, false);
		for (McpConfigClient client : clients.values()) {
			if (client.servesLocalFile()) {
				return ConditionOutcome.match(client + " serves a local file");
			}
		}
		return ConditionOutcome.noMatch("no MCP Config client serves a local file");
	}

}
