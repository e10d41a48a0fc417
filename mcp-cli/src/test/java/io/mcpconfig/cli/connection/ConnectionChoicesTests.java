package io.mcpconfig.cli.connection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionChoicesTests {

	private static final ConnectionChoices NOTHING = new ConnectionChoices(null, null, null, null);

	@Test
	void eachSettingComesFromTheFirstSourceThatGivesIt() {
		ConnectionChoices flags = new ConnectionChoices(null, "flag-token", null, null);
		ConnectionChoices environment = new ConnectionChoices("http://env:8070", "env-token", null, null);
		ConnectionChoices file = new ConnectionChoices("http://file:8070", "file-token", Path.of("ca.pem"), true);

		ConnectionChoices chosen = ConnectionChoices.firstOf(List.of(flags, environment, file));

		assertThat(chosen).isEqualTo(new ConnectionChoices("http://env:8070", "flag-token", Path.of("ca.pem"), true));
	}

	@Test
	void withoutAnySourceTheServerIsTheCentersDefaultPort() {
		ConnectionChoices chosen = ConnectionChoices.firstOf(List.of(NOTHING, NOTHING));

		assertThat(chosen.serverOrDefault()).isEqualTo("http://localhost:8070");
		assertThat(chosen.token()).isNull();
		assertThat(chosen.isInsecure()).isFalse();
	}

	@Test
	void blankVariablesSayNothing() {
		assertThat(ConnectionChoices.fromEnvironment(Map.of("MCP_SERVER", " ", "MCP_TOKEN", ""))).isEqualTo(NOTHING);
		assertThat(ConnectionChoices.fromEnvironment(Map.of("MCP_TOKEN", " t "))).extracting(ConnectionChoices::token)
			.isEqualTo("t");
	}

}
