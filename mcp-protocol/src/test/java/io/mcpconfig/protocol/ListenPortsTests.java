package io.mcpconfig.protocol;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenPortsTests {

	@Test
	void aFreePortIsBelowTheEphemeralRangeAndBindable() throws Exception {
		int port = ListenPorts.free();
		assertThat(port).isBetween(10_000, 32_767);
		try (ServerSocket listener = new ServerSocket(port)) {
			assertThat(listener.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void noPortIsHandedOutTwice() {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 500; i++) {
			assertThat(ports.add(ListenPorts.free())).isTrue();
		}
	}

}
