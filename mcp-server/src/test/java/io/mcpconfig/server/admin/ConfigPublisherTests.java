package io.mcpconfig.server.admin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.AuditFilter;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.audit.KeyChanges.KeyChange;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.shared.SharedLayerRoom;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.file.FileAuditStore;
import io.mcpconfig.server.store.file.FileTokenStore;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConfigPublisher} over a real file store and audit log: what it reads, what the
 * release takes in, and what the audit entry compares with.
 */
class ConfigPublisherTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@TempDir
	Path dir;

	private FileReleaseStore files;

	private FileAuditStore auditLog;

	private final Map<Target, AtomicInteger> currentReads = new ConcurrentHashMap<>();

	/** Set by a test: publishes a release of its own first, as another admin would in between. */
	private final AtomicBoolean racePublish = new AtomicBoolean();

	private ConfigPublisher publisher;

	@BeforeEach
	void publisher() {
		this.files = new FileReleaseStore(this.dir, 100, ReleaseSizeLimits.DEFAULT);
		this.auditLog = new FileAuditStore(this.files, new FileTokenStore(this.files), new AuditRetention(100));
		DelegatingReleaseStore store = new DelegatingReleaseStore(this.files) {

			@Override
			public Optional<Release> current(Target target) {
				currentReads.computeIfAbsent(target, (key) -> new AtomicInteger()).incrementAndGet();
				return super.current(target);
			}

			@Override
			public Release publish(PublishRequest request) {
				if (racePublish.getAndSet(false)) {
					super.publish(PublishRequest.of(request.target(), Map.of("a", "raced")));
				}
				return super.publish(request);
			}

		};
		McpServerProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("mcp.server", McpServerProperties.class);
		this.publisher = new ConfigPublisher(store, new AuditTrail(this.auditLog, properties), ReleaseSizeLimits.DEFAULT,
				new SharedLayerRoom(store, ReleaseSizeLimits.DEFAULT));
	}

	@AfterEach
	void close() {
		this.auditLog.close();
		this.files.close();
	}

	@Test
	void aPublishReadsNoReleaseOfItsOwnBeforeTheStoresCompareAndSet() {
		publish(ORDERS_DEV, Map.of("a", "1"));
		publish(ORDERS_DEV, Map.of("a", "2"));
		// on etcd each such read is two round trips: the current version, then its release
		assertThat(this.currentReads.get(ORDERS_DEV)).isNull();
		AuditEntry second = entries().get(0);
		assertThat(second.version()).isEqualTo(2);
		assertThat(second.baseVersion()).isEqualTo(1);
		assertThat(second.changes().modified()).containsExactly(new KeyChange("a", "1", "2"));
	}

	@Test
	void onlyAFirstReleaseReadsTheSharedLayerAndTakesItIn() {
		Release shared = publish(ORDERS_DEV.shared(), Map.of("s", "1"));
		Release first = publish(ORDERS_DEV, Map.of("a", "1"));
		assertThat(first.shared().version()).isEqualTo(shared.version());
		assertThat(this.currentReads.get(ORDERS_DEV.shared())).hasValue(1);
		publish(ORDERS_DEV, Map.of("a", "2"));
		assertThat(this.currentReads.get(ORDERS_DEV.shared())).hasValue(1);
	}

	@Test
	void theAuditEntryComparesWithTheReleaseThePublishReplacedWhenAnotherCameInBetween() {
		publish(ORDERS_DEV, Map.of("a", "1"));
		this.racePublish.set(true);
		Release ours = publish(ORDERS_DEV, Map.of("a", "2"));
		assertThat(ours.version()).isEqualTo(3);
		AuditEntry entry = entries().get(0);
		assertThat(entry.version()).isEqualTo(3);
		assertThat(entry.baseVersion()).isEqualTo(2);
		assertThat(entry.changes().modified()).containsExactly(new KeyChange("a", "raced", "2"));
	}

	private Release publish(Target target, Map<String, String> properties) {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/configs/" + target.app() + "/" + target.env());
		return this.publisher.publish(target, ConfigDocuments.plain(properties), OptionalLong.empty(), null,
				AuditAction.PUBLISH, request);
	}

	private List<AuditEntry> entries() {
		return this.auditLog.read(new AuditFilter(ORDERS_DEV.app(), ORDERS_DEV.env(), null), 0, 10).entries();
	}

}
