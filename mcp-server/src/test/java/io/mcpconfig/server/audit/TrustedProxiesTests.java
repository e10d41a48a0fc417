package io.mcpconfig.server.audit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which peers' {@code X-Forwarded-For} counts. The real server's answer from a trusted and
 * an untrusted loopback peer is in {@link AuditLogTests}; these are the address rules.
 */
class TrustedProxiesTests {

	private final TrustedProxies proxies = new TrustedProxies(List.of("10.1.0.0/16", "192.168.7.7", "fd00::/8"));

	@Test
	void aPeerInsideATrustedNetworkOrAtATrustedAddressForwardsItsFirstHop() {
		assertThat(origin("10.1.255.3", "203.0.113.7, 10.1.0.9")).isEqualTo(new AuditEntry.Origin("10.1.255.3",
				"203.0.113.7"));
		assertThat(origin("192.168.7.7", "2001:db8::1").forwardedFor()).isEqualTo("2001:db8::1");
		assertThat(origin("fd12:3456::1", "198.51.100.2").forwardedFor()).isEqualTo("198.51.100.2");
	}

	@Test
	void anyOtherPeerIsRecordedAloneWhateverItForwards() {
		assertThat(origin("10.2.0.1", "203.0.113.7")).isEqualTo(new AuditEntry.Origin("10.2.0.1", null));
		assertThat(origin("192.168.7.8", "203.0.113.7").forwardedFor()).isNull();
		assertThat(new TrustedProxies(List.of()).originOf(request("10.1.0.1", "203.0.113.7")).forwardedFor()).isNull();
	}

	@Test
	void aFirstHopThatIsNoAddressOrNameIsNotRecorded() {
		assertThat(origin("10.1.0.1", "evil\nINFO forged line").forwardedFor()).isNull();
		assertThat(origin("10.1.0.1", "").forwardedFor()).isNull();
		assertThat(origin("10.1.0.1", null).forwardedFor()).isNull();
	}

	@Test
	void hostNamesAndBadNetworksAreRefusedAtStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of("proxy.internal")))
			.withMessageContaining("'proxy.internal' is not an IP address or network");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
			.withMessageContaining("prefix length that is not 0 to 32");
		assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of("300.1.1.1")))
			.withMessageContaining("not an IP address");
	}

	private AuditEntry.Origin origin(String peer, String forwardedFor) {
		return this.proxies.originOf(request(peer, forwardedFor));
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
