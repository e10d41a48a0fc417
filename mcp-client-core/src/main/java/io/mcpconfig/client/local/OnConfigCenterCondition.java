package io.mcpconfig.client.local;

import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/**
 * Matches unless the client created by the {@code mcp:} import serves
 * {@code mcp.client.local-file}: there is a config center to sync with.
 */
public class OnConfigCenterCondition extends NoneNestedConditions {

	public OnConfigCenterCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(OnLocalFileCondition.class)
	static class ServesLocalFile {

	}

}
