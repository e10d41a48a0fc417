package io.mcpconfig.client.channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mcpconfig.client.channel.ServerRotation.Center;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The centers are tried as listed and looked up until one refuses; from then on each
 * lookup starts from the center after the one that refused, round-robin, whether it is
 * the next address of the same host name or of the next entry, and every center stays in
 * the order once.
 */
class ServerRotationTests {

	private static final List<ServerAddress> LISTED = ServerAddress.parseAll("servers",
			List.of("config-1:9090", "config-2:9090", "config-3:9090"));

	// config-1 a name with two addresses, as a Kubernetes headless service names two pods
	private static final List<Center> LOOKED_UP = List.of(center(0, "10.0.0.1"), center(0, "10.0.0.2"),
			center(1, "10.0.1.1"), center(2, "10.0.2.1"));

	@Test
	void startsAsListedAndLookedUp() {
		ServerRotation rotation = new ServerRotation(LISTED);
		assertThat(rotation.size()).as("before a lookup: one per entry").isEqualTo(3);
		assertThat(rotation.arrange(LOOKED_UP)).isEqualTo(LOOKED_UP);
		assertThat(rotation.size()).isEqualTo(4);
		assertThat(rotation.addresses()).isEqualTo(LISTED);
	}

	@Test
	void aRefusalPassesOverTheRefusingAddressOfANameForItsNextOneThenTheNextEntries() {
		ServerRotation rotation = new ServerRotation(LISTED);
		rotation.arrange(LOOKED_UP);

		assertThat(rotation.turnPast(LOOKED_UP.get(0).socket())).isEqualTo(LOOKED_UP.get(1));
		assertThat(rotation.arrange(LOOKED_UP)).containsExactly(LOOKED_UP.get(1), LOOKED_UP.get(2), LOOKED_UP.get(3),
				LOOKED_UP.get(0));

		assertThat(rotation.turnPast(LOOKED_UP.get(1).socket())).isEqualTo(LOOKED_UP.get(2));
		assertThat(rotation.arrange(LOOKED_UP)).containsExactly(LOOKED_UP.get(2), LOOKED_UP.get(3), LOOKED_UP.get(0),
				LOOKED_UP.get(1));

		assertThat(rotation.turnPast(LOOKED_UP.get(3).socket())).as("wraps around").isEqualTo(LOOKED_UP.get(0));
		assertThat(rotation.arrange(LOOKED_UP)).isEqualTo(LOOKED_UP);
	}

	@Test
	void aTurnPastTheRefusingCenterSkipsOnlyIt() {
		ServerRotation rotation = new ServerRotation(LISTED);
		rotation.arrange(LOOKED_UP);
		// config-1 unreachable, so pick_first reached config-2, which refused: config-3 next, not config-2 again
		assertThat(rotation.turnPast(LOOKED_UP.get(2).socket())).isEqualTo(LOOKED_UP.get(3));
		assertThat(rotation.arrange(LOOKED_UP)).containsExactly(LOOKED_UP.get(3), LOOKED_UP.get(0), LOOKED_UP.get(1),
				LOOKED_UP.get(2));
	}

	@Test
	void aCenterNotAmongTheLastLookupsPassesOverTheFirstOfThem() {
		ServerRotation rotation = new ServerRotation(LISTED);
		rotation.arrange(LOOKED_UP);
		assertThat(rotation.turnPast(new InetSocketAddress("10.0.9.9", 9090))).isEqualTo(LOOKED_UP.get(1));
		rotation.arrange(LOOKED_UP);
		assertThat(rotation.turnPast(null)).isEqualTo(LOOKED_UP.get(2));
	}

	@Test
	void aCenterThatRefusedAndIsGoneFromTheNextLookupLeavesItAsLookedUp() {
		ServerRotation rotation = new ServerRotation(LISTED);
		rotation.arrange(LOOKED_UP);
		rotation.turnPast(LOOKED_UP.get(0).socket());
		// the pod behind 10.0.0.1 was replaced: the name now stands for 10.0.0.2 and 10.0.0.3
		List<Center> moved = List.of(LOOKED_UP.get(1), center(0, "10.0.0.3"), LOOKED_UP.get(2), LOOKED_UP.get(3));
		assertThat(rotation.arrange(moved)).isEqualTo(moved);
	}

	@Test
	void aSingleCenterStaysFirst() {
		ServerRotation rotation = new ServerRotation(LISTED.subList(0, 1));
		List<Center> one = LOOKED_UP.subList(0, 1);
		rotation.arrange(one);
		assertThat(rotation.turnPast(one.get(0).socket())).isEqualTo(one.get(0));
		assertThat(rotation.arrange(one)).isEqualTo(one);
	}

	@Test
	void describesANameWithTheAddressItWasLookedUpTo() {
		assertThat(LOOKED_UP.get(1)).hasToString("config-1:9090 (10.0.0.2)");
		assertThat(new Center(LISTED.get(0), new InetSocketAddress("127.0.0.1", 9090))).hasToString("127.0.0.1:9090");
		assertThat(new Center(LISTED.get(0), InetSocketAddress.createUnresolved("config-1", 9090)))
			.hasToString("config-1:9090");
		assertThat(new Center(LISTED.get(0), new InetSocketAddress("::1", 9090))).hasToString("[0:0:0:0:0:0:0:1]:9090");
	}

	@Test
	void needsAnAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ServerRotation(List.of()));
	}

	private static Center center(int entry, String ip) {
		ServerAddress configured = LISTED.get(entry);
		try {
			// the address as a lookup of the entry's name gives it: the IP, named
			InetAddress named = InetAddress.getByAddress(configured.host(), InetAddress.getByName(ip).getAddress());
			return new Center(configured, new InetSocketAddress(named, configured.port()));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
