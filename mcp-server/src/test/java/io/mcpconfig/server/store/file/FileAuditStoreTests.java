package io.mcpconfig.server.store.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.AuditPage;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.RecordingReleaseAudit;
import io.mcpconfig.server.audit.RecordingTokenAudit;
import io.mcpconfig.server.audit.TestEntries;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.TokenSecret;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The file store's audit log on a real directory: crashes, concurrency and retention. */
class FileAuditStoreTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@TempDir
	Path dir;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
	}

	@Test
	void aLastLineACrashCutShortIsRemovedOnOpenAndEveryWholeEntryIsKept() throws Exception {
		FileReleaseStore releases = releases();
		FileAuditStore audit = audit(releases, 100);
		Instant now = Instant.now();
		audit.append(TestEntries.publish(ORDERS_DEV, 1, now));
		audit.append(TestEntries.publish(ORDERS_DEV, 2, now.plusMillis(1)));
		audit.close();
		releases.close();
		Path file = this.dir.resolve(FileAuditStore.FILE_NAME);
		Files.writeString(file, "not json at all\n{\"id\":\"0000000000000000001-aa\",\"at\":\"20",
				StandardCharsets.UTF_8, StandardOpenOption.APPEND);

		FileAuditStore reopened = audit(releases(), 100);
		AuditPage page = reopened.read(TestEntries.everything(), 0, 10);
		assertThat(page.entries()).extracting(AuditEntry::version).containsExactly(2L, 1L);
		assertThat(Files.readString(file)).endsWith("not json at all\n");

		reopened.append(TestEntries.publish(ORDERS_DEV, 3, now.plusMillis(2)));
		assertThat(reopened.read(TestEntries.everything(), 0, 10).entries()).extracting(AuditEntry::version)
			.containsExactly(3L, 2L, 1L);
	}

	@Test
	void aReaderInterruptedMidReadLeavesTheLogReadableByTheOthers() throws Exception {
		FileAuditStore audit = audit(releases(), 100);
		audit.append(TestEntries.publish(ORDERS_DEV, 1, Instant.now()));
		// an interrupted thread's read closes the channel it shares with every reader
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> audit.read(TestEntries.everything(), 0, 10));
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}

		assertThat(audit.read(TestEntries.everything(), 0, 10).entries()).extracting(AuditEntry::version)
			.containsExactly(1L);
		audit.append(TestEntries.publish(ORDERS_DEV, 2, Instant.now()));
		assertThat(audit.read(TestEntries.everything(), 0, 10).entries()).extracting(AuditEntry::version)
			.containsExactly(2L, 1L);
	}

	@Test
	void concurrentWritersAppendWholeEntriesWhileReadersReadAndOldOnesAreDropped() throws Exception {
		FileReleaseStore releases = releases();
		FileAuditStore audit = audit(releases, 20);
		int writers = 4;
		int perWriter = 40;
		ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
		AtomicBoolean writing = new AtomicBoolean(true);
		try {
			List<Future<?>> appends = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				Target target = new Target("app-" + w, "dev");
				appends.add(pool.submit(() -> {
					for (int version = 1; version <= perWriter; version++) {
						audit.append(TestEntries.publish(target, version, Instant.now()));
					}
				}));
			}
			List<Future<Integer>> reads = new ArrayList<>();
			for (int r = 0; r < 2; r++) {
				reads.add(pool.submit(() -> {
					int pages = 0;
					do {
						AuditPage page = audit.read(TestEntries.everything(), 0, 20);
						assertThat(page.entries()).hasSizeLessThanOrEqualTo(20).allSatisfy((entry) -> {
							assertThat(entry.changes().modified()).hasSize(1);
							assertThat(entry.target().app()).startsWith("app-");
						});
						assertThat(page.total()).isLessThanOrEqualTo(20);
						pages++;
					}
					while (writing.get());
					return pages;
				}));
			}
			for (Future<?> append : appends) {
				append.get(60, TimeUnit.SECONDS);
			}
			writing.set(false);
			for (Future<Integer> read : reads) {
				assertThat(read.get(60, TimeUnit.SECONDS)).isPositive();
			}
		}
		finally {
			writing.set(false);
			pool.shutdownNow();
		}

		AuditPage newest = audit.read(TestEntries.everything(), 0, 100);
		assertThat(newest.entries()).hasSize(20);
		// the newest 20 appended, so of each writer the last ones it wrote, none missing
		for (int w = 0; w < writers; w++) {
			String app = "app-" + w;
			List<Long> versions = newest.entries()
				.stream()
				.filter((entry) -> entry.app().equals(app))
				.map(AuditEntry::version)
				.toList();
			List<Long> lastOnes = LongStream.iterate(perWriter, (v) -> v - 1).limit(versions.size()).boxed().toList();
			assertThat(versions).as(app).isEqualTo(lastOnes);
		}
		assertThat(Files.readAllLines(this.dir.resolve(FileAuditStore.FILE_NAME))).hasSizeBetween(20, 22);
		audit.close();
		releases.close();
		assertThat(audit(releases(), 20).read(TestEntries.everything(), 0, 100)).isEqualTo(newest);
	}

	@Test
	void anEntryACrashKeptFromTheLogIsAppendedFromItsReleaseFileOnTheNextStartAndOnlyOnce() throws Exception {
		FileReleaseStore releases = releases();
		FileAuditStore audit = audit(releases, 100);
		releases.publish(audited(ORDERS_DEV, "1", new RecordingReleaseAudit(audit::storedWithChange)));
		// the center stops after the release's file is written and before its entry is appended
		RecordingReleaseAudit crashed = new RecordingReleaseAudit();
		releases.publish(audited(ORDERS_DEV, "2", crashed));
		assertThat(audit.read(TestEntries.everything(), 0, 10).entries()).extracting(AuditEntry::version)
			.containsExactly(1L);
		audit.close();
		releases.close();

		FileReleaseStore restarted = releases();
		AuditPage page = audit(restarted, 100).read(TestEntries.everything(), 0, 10);
		assertThat(page.entries()).extracting(AuditEntry::version).containsExactly(2L, 1L);
		assertThat(page.entries().get(0)).isEqualTo(crashed.made().get(0));
		restarted.close();

		assertThat(audit(releases(), 100).read(TestEntries.everything(), 0, 10)).isEqualTo(page);
		assertThat(Files.readAllLines(this.dir.resolve(FileAuditStore.FILE_NAME))).hasSize(2);
	}

	@Test
	void anEntryWhoseAppendFailedIsAppendedAtTheNextStartAlsoAfterLaterPublishesOfItsTarget() throws Exception {
		FileReleaseStore releases = releases();
		FileAuditStore audit = audit(releases, 100);
		RecordingReleaseAudit failed = new RecordingReleaseAudit();
		releases.publish(audited(ORDERS_DEV, "1", failed));
		releases.publish(audited(ORDERS_DEV, "2", new RecordingReleaseAudit(audit::storedWithChange)));
		audit.close();
		releases.close();

		AuditPage page = audit(releases(), 100).read(TestEntries.everything(), 0, 10);
		// appended after the entries already there, so listed as the newest
		assertThat(page.entries()).extracting(AuditEntry::version).containsExactly(1L, 2L);
		assertThat(page.entries().get(0)).isEqualTo(failed.made().get(0));
	}

	@Test
	void ofTheEntriesAFullLogIsWithoutOnlyThoseNewerThanItsOldestAreAppended() throws Exception {
		FileReleaseStore releases = releases();
		FileAuditStore audit = audit(releases, 2);
		RecordingReleaseAudit unlogged = new RecordingReleaseAudit();
		releases.publish(audited(ORDERS_DEV, "1", unlogged));
		Instant billing = Instant.now().plusMillis(5);
		audit.append(TestEntries.publish(new Target("billing", "dev"), 1, billing));
		audit.append(TestEntries.publish(new Target("billing", "dev"), 2, billing.plusMillis(1)));
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(billing.plusMillis(2)));
		releases.publish(audited(ORDERS_DEV, "2", unlogged));
		audit.close();
		releases.close();

		// retention keeps the newest two: orders/dev@1 would have been dropped, @2 is newer
		AuditPage page = audit(releases(), 2).read(TestEntries.everything(), 0, 10);
		assertThat(page.entries()).extracting((entry) -> entry.app() + "@" + entry.version())
			.containsExactly("orders@2", "billing@2");
	}

	@Test
	void theEntryOfATokenChangeACrashKeptFromTheLogIsAppendedAtTheNextStartOnlyWhenTheChangeWasMade()
			throws Exception {
		FileReleaseStore releases = releases();
		FileTokenStore tokens = new FileTokenStore(releases);
		ApiToken token = new ApiToken("ci", Role.PUBLISHER, Scope.ALL, TokenSecret.hash("secret"), Instant.now(),
				"admin");
		// the center stops after the tokens are written and before the entry is appended
		List<AuditEntry> made = new ArrayList<>();
		tokens.create(token, new RecordingTokenAudit(AuditAction.TOKEN_CREATE, made));
		releases.close();

		FileReleaseStore restarted = releases();
		AuditPage page = audit(restarted, 100).read(TestEntries.everything(), 0, 10);
		assertThat(page.entries()).containsExactly(made.get(0));
		new FileTokenStore(restarted).revoke("ci", true, new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, made));
		restarted.close();

		FileReleaseStore again = releases();
		assertThat(audit(again, 100).read(TestEntries.everything(), 0, 10).entries()).containsExactly(made.get(1),
				made.get(0));
		again.close();
		// the revocation's entry is still beside the tokens, and in the log: not appended again
		FileReleaseStore once = releases();
		assertThat(audit(once, 100).read(TestEntries.everything(), 0, 10).entries()).hasSize(2);
		once.close();

		// a change the center did not get to make: its entry is not appended
		Files.write(this.dir.resolve(FileTokenStore.PENDING_AUDIT_FILE_NAME), FileAuditStore.MAPPER
			.writeValueAsBytes(TestEntries.tokenChange(AuditAction.TOKEN_CREATE, "never-made", Instant.now())));
		assertThat(audit(releases(), 100).read(TestEntries.everything(), 0, 10).entries()).containsExactly(made.get(1),
				made.get(0));
	}

	private static PublishRequest audited(Target target, String value, RecordingReleaseAudit audit) {
		return new PublishRequest(target, ReleaseChange.properties(Map.of("n", value)), OptionalLong.empty(), "ci",
				null, audit);
	}

	private FileReleaseStore releases() {
		FileReleaseStore store = new FileReleaseStore(this.dir, 10, ReleaseSizeLimits.DEFAULT);
		this.opened.add(store);
		return store;
	}

	private FileAuditStore audit(FileReleaseStore releases, int maxEntries) {
		FileAuditStore store = new FileAuditStore(releases, new FileTokenStore(releases),
				new AuditRetention(maxEntries));
		this.opened.add(store);
		return store;
	}

}
