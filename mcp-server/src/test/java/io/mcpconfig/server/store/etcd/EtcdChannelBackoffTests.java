package io.mcpconfig.server.store.etcd;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store reaches jetcd's gRPC channel, which jetcd keeps to itself: a jetcd version
 * that moves it fails here, not silently in an outage (the back-off would then run its
 * course again, and a replica stay down for up to a minute after etcd is back).
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdChannelBackoffTests {

	@Test
	void reachesTheChannelOfTheJetcdInUse(CapturedOutput output) {
		// nothing listens there, and nothing is asked: a channel connects on first use
		try (Client client = Client.builder().endpoints("http://127.0.0.1:1").build()) {
			EtcdChannelBackoff backoff = EtcdChannelBackoff.of(client);
			backoff.reset();
			assertThat(output).doesNotContain("Cannot reach jetcd's gRPC channel");
		}
	}

}
