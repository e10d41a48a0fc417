package io.mcpconfig.client.local;

import io.mcpconfig.client.config.ClientCondition;
import io.mcpconfig.client.config.McpConfigClient;

/**
 * Matches when the client created by the {@code mcp:} import serves
 * {@code mcp.client.local-file}.
 */
public class OnLocalFileCondition extends ClientCondition {

	public OnLocalFileCondition() {
		super("serves a local file", McpConfigClient::servesLocalFile);
	}

}
