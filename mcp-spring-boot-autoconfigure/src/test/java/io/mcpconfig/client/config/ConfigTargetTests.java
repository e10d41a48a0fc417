package io.mcpconfig.client.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A target's names follow the server's rule (TargetNames), so the client never asks for what it refuses. */
class ConfigTargetTests {

	@Test
	void namesOfTheServersRuleMakeATarget() {
		assertThat(new ConfigTarget("mcp-sample-app", "prod")).hasToString("mcp-sample-app/prod");
	}

	@Test
	void aNameTheServerRefusesIsRefusedWithWhichNameAndTheRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ConfigTarget("orders$", "dev"))
			.withMessage("app 'orders$' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
		assertThatIllegalArgumentException().isThrownBy(() -> new ConfigTarget("orders", ""))
			.withMessage("env must not be empty");
	}

	@Test
	void namesThatWouldLeaveTheSnapshotDirectoryAreNoTarget() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ConfigTarget("../../etc", "dev"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ConfigTarget("orders", ".."));
	}

}
