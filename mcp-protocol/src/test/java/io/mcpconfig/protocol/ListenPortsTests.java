package io.mcpconfig.protocol;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void concurrentProcessesTakeSlicesOfTheRangeThatDoNotOverlap() {
		assertThat(ListenPorts.slice(null)).containsExactly(10_000, 32_768);
		int[] first = ListenPorts.slice("1/2");
		int[] second = ListenPorts.slice(" 2/2 ");
		assertThat(first[0]).isEqualTo(10_000);
		assertThat(first[1]).isEqualTo(second[0]).isEqualTo(21_384);
		assertThat(second[1]).isLessThanOrEqualTo(32_768);
	}

	@Test
	void aSliceThatIsNotKOfNIsRefusedWithWhatIsExpected() {
		for (String bad : new String[] { "2", "0/2", "3/2", "1/0", "a/b", "1/2/3" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> ListenPorts.slice(bad))
				.withMessage("mcp.listen-ports.slice must be k/n with 1 <= k <= n, not '" + bad + "'");
		}
	}

}
