package io.mcpconfig.client.channel;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerAddressTests {

	@Test
	void parsesHostAndPort() {
		assertThat(ServerAddress.parse(" config.internal:9090 ")).isEqualTo(new ServerAddress("config.internal", 9090));
	}

	@Test
	void parsesBracketedIpv6AndPrintsItBack() {
		ServerAddress address = ServerAddress.parse("[::1]:9090");
		assertThat(address).isEqualTo(new ServerAddress("::1", 9090));
		assertThat(address).hasToString("[::1]:9090");
	}

	@Test
	void rejectsAnAddressWithoutPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse("localhost"))
			.withMessage("'localhost' is not host:port");
	}

	@Test
	void rejectsANonNumericOrOutOfRangePort() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse("localhost:http"))
			.withMessageContaining("the port is not a number");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse("localhost:70000"))
			.withMessageContaining("port 70000 is not between 1 and 65535");
	}

	@Test
	void rejectsUnbracketedIpv6() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse("::1:9090"))
			.withMessageContaining("write IPv6 as [address]:port");
	}

	@Test
	void listErrorsNameThePropertyAndIndex() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerAddress.parseAll("mcp.client.server-addresses", List.of("a:1", "b")))
			.withMessage("mcp.client.server-addresses[1]: 'b' is not host:port");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerAddress.parseAll("mcp.client.server-addresses", List.of()))
			.withMessageStartingWith("mcp.client.server-addresses is empty");
	}

}
