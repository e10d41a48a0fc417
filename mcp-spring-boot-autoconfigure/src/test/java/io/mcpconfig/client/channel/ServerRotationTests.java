package io.mcpconfig.client.channel;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The addresses are tried as listed until a center refuses; each turn starts from the
 * next one, round-robin, and every address stays in the order once.
 */
class ServerRotationTests {

	private static final List<ServerAddress> LISTED = ServerAddress.parseAll("servers",
			List.of("config-1:9090", "config-2:9090", "config-3:9090"));

	@Test
	void startsAsListed() {
		ServerRotation rotation = new ServerRotation(LISTED);
		assertThat(rotation.order()).isEqualTo(LISTED);
		assertThat(rotation.first()).isEqualTo(LISTED.get(0));
	}

	@Test
	void eachTurnStartsFromTheNextAddressAndWrapsAround() {
		ServerRotation rotation = new ServerRotation(LISTED);

		assertThat(rotation.turn()).isEqualTo(LISTED.get(1));
		assertThat(rotation.order()).containsExactly(LISTED.get(1), LISTED.get(2), LISTED.get(0));
		assertThat(rotation.turn()).isEqualTo(LISTED.get(2));
		assertThat(rotation.order()).containsExactly(LISTED.get(2), LISTED.get(0), LISTED.get(1));
		assertThat(rotation.turn()).isEqualTo(LISTED.get(0));
		assertThat(rotation.order()).isEqualTo(LISTED);
		assertThat(rotation.addresses()).isEqualTo(LISTED);
	}

	@Test
	void aTurnPastTheRefusingCenterSkipsOnlyIt() {
		ServerRotation rotation = new ServerRotation(LISTED);
		// config-1 unreachable, so pick_first reached config-2, which refused: config-3 next, not config-2 again
		assertThat(rotation.turnPast("config-2:9090")).isEqualTo(LISTED.get(2));
		assertThat(rotation.order()).containsExactly(LISTED.get(2), LISTED.get(0), LISTED.get(1));
		assertThat(rotation.turnPast("config-3:9090")).isEqualTo(LISTED.get(0));
		assertThat(rotation.turnPast("10.0.0.7:9090")).as("not listed: one turn").isEqualTo(LISTED.get(1));
		assertThat(rotation.turnPast(null)).isEqualTo(LISTED.get(2));
	}

	@Test
	void aSingleAddressStaysFirst() {
		ServerRotation rotation = new ServerRotation(LISTED.subList(0, 1));
		assertThat(rotation.turn()).isEqualTo(LISTED.get(0));
		assertThat(rotation.order()).containsExactly(LISTED.get(0));
	}

	@Test
	void needsAnAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ServerRotation(List.of()));
	}

}
