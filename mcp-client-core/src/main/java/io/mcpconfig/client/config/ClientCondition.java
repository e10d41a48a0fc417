package io.mcpconfig.client.config;

import java.util.function.Predicate;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the client created by the {@code mcp:} import is of a kind. Decided by the
 * client, whose settings were read once at the import, not by the environment, where a
 * release could set them.
 */
public abstract class ClientCondition extends SpringBootCondition {

	private final String kind;

	private final Predicate<McpConfigClient> test;

	/**
	 * @param kind what the client is, in words ("serves a local file")
	 * @param test whether a client is of that kind
	 */
	protected ClientCondition(String kind, Predicate<McpConfigClient> test) {
		this.kind = kind;
		this.test = test;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (McpConfigClient client : context.getBeanFactory()
			.getBeansOfType(McpConfigClient.class, false, false)
			.values()) {
			if (this.test.test(client)) {
				return ConditionOutcome.match(client + " " + this.kind);
			}
		}
		return ConditionOutcome.noMatch("no MCP Config client " + this.kind);
	}

}
