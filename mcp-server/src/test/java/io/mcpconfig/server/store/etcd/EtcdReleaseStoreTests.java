package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseStoreContract;
import io.mcpconfig.server.store.ReleaseTooLargeException;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The etcd store passes the store contract on a real single-member etcd; each test has a
 * fresh key prefix, and a restart is a new store (new client) on the same prefix.
 */
class EtcdReleaseStoreTests extends ReleaseStoreContract {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private String prefix;

	@Override
	protected ReleaseStore createStore() {
		this.prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		return reopenStore(ReleaseSizeLimits.DEFAULT);
	}

	@Override
	protected ReleaseStore reopenStore(ReleaseSizeLimit sizeLimit) {
		return new EtcdReleaseStore(settings(etcd.clientEndpoints(), this.prefix, Duration.ofSeconds(5)), 100,
				sizeLimit);
	}

	/**
	 * The test etcd keeps its default {@code --max-request-bytes} of 1.5 MiB, below the
	 * center's limit: etcd refuses such a release itself, up to 512 KiB above its limit
	 * with its own error, beyond that with gRPC's. Either way it is a clear refusal at
	 * once, not an unavailable store tried again until the timeout.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 2_000_000, 3_000_000 })
	void aReleaseEtcdRefusesAsTooLargeIsRefusedNamingItsLimit(int length) {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		assertThatExceptionOfType(ReleaseTooLargeException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("b", "x".repeat(length)))))
			.withMessageStartingWith("etcd refused release orders/dev@2 as too large for one request (")
			.withMessageEndingWith(" bytes of JSON): raise --max-request-bytes on every etcd member, or lower"
					+ " mcp.server.limits.max-release-size well below it");
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))).version()).isEqualTo(2);
	}

	/**
	 * A history whose releases together are larger than the client reads in one answer
	 * (here a cap of 1 MiB instead of 256 MiB): it is read in smaller pages, not refused.
	 */
	@Test
	void aHistoryLargerThanOneAnswerIsReadInPages() throws Exception {
		try (EtcdReleaseStore capped = new EtcdReleaseStore(
				settings(etcd.clientEndpoints(), this.prefix, Duration.ofSeconds(5)), 100, ReleaseSizeLimits.DEFAULT,
				1024 * 1024)) {
			for (int i = 1; i <= 6; i++) {
				capped.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i), "b", "x".repeat(400_000))));
			}
			assertThat(capped.history(ORDERS_DEV, 6)).extracting(Release::version)
				.containsExactly(6L, 5L, 4L, 3L, 2L, 1L);
			assertThat(capped.history(ORDERS_DEV, 2)).extracting((release) -> release.properties().get("a"))
				.containsExactly("6", "5");
		}
	}

	/**
	 * A profile document changed in etcd by hand (or damaged): the checksum covers the
	 * plain properties only, the document's digest the rest. A document written before the
	 * digest (none in it) reads as before.
	 */
	@Test
	void aReleaseWhoseContentNoLongerMatchesItsDigestIsNotServed() throws Exception {
		store.publish(new PublishRequest(ORDERS_DEV,
				ReleaseChange.documents(new ConfigDocuments(Map.of("a", "1"),
						List.of(new ProfileDocument("eu", Map.of("pool", "20")))), null),
				OptionalLong.empty(), "ci", null));
		ByteSequence key = new KeyLayout(this.prefix).release(ORDERS_DEV, 1);
		try (Client client = etcd.newClient()) {
			String json = client.getKVClient()
				.get(key)
				.get(10, TimeUnit.SECONDS)
				.getKvs()
				.get(0)
				.getValue()
				.toString(StandardCharsets.UTF_8);
			assertThat(json).contains("\"contentDigest\"");
			client.getKVClient()
				.put(key, ByteSequence.from(json.replace("\"20\"", "\"99\""), StandardCharsets.UTF_8))
				.get(10, TimeUnit.SECONDS);
			assertThatIllegalStateException().isThrownBy(() -> store.release(ORDERS_DEV, 1))
				.withMessageEndingWith("holds a release whose content does not match its contentDigest");

			client.getKVClient()
				.put(key, ByteSequence.from(json.replaceAll(",\"contentDigest\":\"[0-9a-f]+\"", ""),
						StandardCharsets.UTF_8))
				.get(10, TimeUnit.SECONDS);
			assertThat(store.release(ORDERS_DEV, 1).orElseThrow().profiles()).singleElement()
				.satisfies((document) -> assertThat(document.properties()).containsEntry("pool", "20"));
		}
	}

	/**
	 * The current release's key deleted by hand (or lost): a publish says so at once
	 * instead of taking it for a lost race and reading etcd again until the timeout.
	 */
	@Test
	void aCurrentReleaseMissingFromEtcdIsReportedAtOnce() throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		try (Client client = etcd.newClient()) {
			client.getKVClient()
				.delete(new KeyLayout(this.prefix).release(ORDERS_DEV, 1))
				.get(10, TimeUnit.SECONDS);
		}
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))))
			.withMessage("the current release 1 of orders/dev is missing from etcd although the target's pointer"
					+ " names it; restore etcd from a backup (docs/operations.md, Backup and restore)");
	}

	static McpServerProperties.Etcd settings(List<String> endpoints, String prefix, Duration timeout) {
		return new McpServerProperties.Etcd(endpoints, prefix, timeout, Duration.ofSeconds(15));
	}

}
