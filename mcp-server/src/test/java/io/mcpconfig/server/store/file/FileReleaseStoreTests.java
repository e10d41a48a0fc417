package io.mcpconfig.server.store.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.ReleaseStoreContract;
import io.mcpconfig.server.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class FileReleaseStoreTests extends ReleaseStoreContract {

	@TempDir
	Path dir;

	private int maxHistory = 100;

	@Override
	protected ReleaseStore createStore() {
		return new FileReleaseStore(dir, maxHistory, ReleaseSizeLimits.DEFAULT);
	}

	@Override
	protected ReleaseStore reopenStore(ReleaseSizeLimit sizeLimit) {
		return new FileReleaseStore(dir, maxHistory, sizeLimit);
	}

	private Path targetDir() {
		return dir.resolve("releases").resolve("orders").resolve("dev");
	}

	private Path releaseFile(long version) {
		return targetDir().resolve(String.format("%019d.json", version));
	}

	@Test
	void eachReleaseIsOneJsonFileUnderAppAndEnv() throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		String json = Files.readString(releaseFile(1));
		assertThat(json).contains("\"app\" : \"orders\"", "\"env\" : \"dev\"", "\"version\" : 1", "\"a\" : \"1\"");
		assertThat(dir.resolve("lock")).exists();
	}

	@Test
	void leftoverTempFileOfACrashedPublishIsRemovedOnOpenAndNeverServed(CapturedOutput output) throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.close();
		Path leftover = targetDir().resolve(".0000000000000000002.json.6f1d.tmp");
		Files.writeString(leftover, "{\"format\":1,\"app\":\"orders\",\"env\":\"dev\",\"version\":2,\"prop");

		store = reopenStore();

		assertThat(leftover).doesNotExist();
		assertThat(output).contains(leftover.toString());
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))).version()).isEqualTo(2);
	}

	@Test
	void truncatedReleaseFileIsSkippedWithAWarningAndItsVersionIsNotReused(CapturedOutput output) throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		store.close();
		byte[] whole = Files.readAllBytes(releaseFile(2));
		Files.write(releaseFile(2), Arrays.copyOf(whole, whole.length / 2));

		store = reopenStore();

		assertThat(output).contains("WARN").contains(releaseFile(2).toString());
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
		assertThat(store.release(ORDERS_DEV, 2)).isEmpty();
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(1L);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3"))).version()).isEqualTo(3);
	}

	@Test
	void releaseFileWhoseContentNoLongerMatchesItsChecksumIsNotServed(CapturedOutput output) throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool.size", "10")));
		store.close();
		String json = Files.readString(releaseFile(2), StandardCharsets.UTF_8);
		Files.writeString(releaseFile(2), json.replace("\"10\"", "\"99\""), StandardCharsets.UTF_8);

		store = reopenStore();

		assertThat(output).contains(releaseFile(2).toString()).contains("checksum does not match");
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
	}

	/** The checksum covers the plain properties; the digest covers the rest of the file too. */
	@Test
	void releaseFileWhoseProfileDocumentNoLongerMatchesItsDigestIsNotServed(CapturedOutput output) throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(withProfileDocument("20"));
		store.close();
		String json = Files.readString(releaseFile(2), StandardCharsets.UTF_8);
		assertThat(json).contains("\"20\"", "\"contentDigest\"");
		Files.writeString(releaseFile(2), json.replace("\"20\"", "\"99\""), StandardCharsets.UTF_8);

		store = reopenStore();

		assertThat(output).contains(releaseFile(2).toString())
			.contains("does not match the contentDigest it was written with");
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
	}

	/** A file written before the digest (none in it) is read and verified as before, and so is one printed anew. */
	@Test
	void releaseFileWithoutADigestOrPrintedAnewIsServed() throws Exception {
		store.publish(withProfileDocument("20"));
		store.publish(withProfileDocument("30"));
		store.close();
		String json = Files.readString(releaseFile(1), StandardCharsets.UTF_8);
		Files.writeString(releaseFile(1), json.replaceAll(",\\s*\"contentDigest\"\\s*:\\s*\"[0-9a-f]+\"", ""),
				StandardCharsets.UTF_8);
		String second = Files.readString(releaseFile(2), StandardCharsets.UTF_8);
		Files.writeString(releaseFile(2), second.replaceAll("\\s+", ""), StandardCharsets.UTF_8);

		store = reopenStore();

		assertThat(Files.readString(releaseFile(1), StandardCharsets.UTF_8)).doesNotContain("contentDigest");
		assertThat(store.release(ORDERS_DEV, 1).orElseThrow().profiles()).singleElement()
			.satisfies((document) -> assertThat(document.properties()).containsEntry("pool", "20"));
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(2);
	}

	private static PublishRequest withProfileDocument(String pool) {
		return new PublishRequest(ORDERS_DEV,
				ReleaseChange.documents(new ConfigDocuments(Map.of("a", "1"),
						List.of(new ProfileDocument("eu", Map.of("pool", pool)))), null),
				OptionalLong.empty(), "ci", null);
	}

	@Test
	void releaseFileHoldingAnotherVersionIsNotServed(CapturedOutput output) throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		store.close();
		Files.copy(releaseFile(1), releaseFile(2), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

		store = reopenStore();

		assertThat(output).contains(releaseFile(2).toString());
		assertThat(store.release(ORDERS_DEV, 2)).isEmpty();
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(1);
	}

	@Test
	void secondStoreOnTheSameDirectoryFailsWithAClearMessage() {
		assertThatExceptionOfType(DataDirectoryInUseException.class)
			.isThrownBy(() -> new FileReleaseStore(dir, 10, ReleaseSizeLimits.DEFAULT))
			.withMessageContaining("is in use by another MCP server")
			.withMessageContaining(dir.resolve("lock").toString())
			.withMessageContaining("pid " + ProcessHandle.current().pid());
		// the failed attempt must not have broken the holder
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1"))).version()).isEqualTo(1);
		assertThat(store.isAvailable()).isTrue();
	}

	@Test
	void closingReleasesTheLockForTheNextServer() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.close();
		assertThat(store.isAvailable()).isFalse();
		store = reopenStore();
		assertThat(store.isAvailable()).isTrue();
		assertThat(store.current(ORDERS_DEV)).isPresent();
	}

	/**
	 * A release file that cannot be read (a disk error; here a directory in its place, which
	 * even root cannot read as a file) fails the history, the release and its read as
	 * unavailable: a history must not come back shorter, nor a release as not retained.
	 */
	@Test
	void aReleaseFileThatCannotBeReadFailsItsReadsRatherThanBeingLeftOut() throws Exception {
		for (int i = 1; i <= 6; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		Files.delete(releaseFile(1));
		Files.createDirectory(releaseFile(1));

		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.history(ORDERS_DEV, 10).toList())
			.withMessageStartingWith("cannot read release orders/dev@1 from " + releaseFile(1) + ": ");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.release(ORDERS_DEV, 1));
		assertThat(store.history(ORDERS_DEV, 5)).extracting(Release::version).containsExactly(6L, 5L, 4L, 3L, 2L);
	}

	@Test
	void retentionKeepsTheNewestMaxHistoryReleasesAndDeletesOlderFiles() throws Exception {
		store.close();
		maxHistory = 3;
		store = reopenStore();
		for (int i = 1; i <= 5; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(5L, 4L, 3L);
		assertThat(store.release(ORDERS_DEV, 2)).isEmpty();
		assertThat(store.release(ORDERS_DEV, 3).orElseThrow().properties()).containsEntry("a", "3");
		try (Stream<Path> files = Files.list(targetDir())) {
			assertThat(files.map((f) -> f.getFileName().toString())).containsExactlyInAnyOrder(
					"0000000000000000003.json", "0000000000000000004.json", "0000000000000000005.json");
		}
		store.close();
		store = reopenStore();
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(5L, 4L, 3L);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "6"))).version()).isEqualTo(6);
	}

	@Test
	void expiredFilesAreDeletedOnceTheReleaseIsDeliveredAndLeftoversByTheNextPublish() throws Exception {
		for (int i = 1; i <= 4; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		// what a crash between the delivery and the delete leaves: more files than retained
		store.close();
		maxHistory = 2;
		store = reopenStore();
		List<Long> delivered = new CopyOnWriteArrayList<>();
		try (AutoCloseable watch = store.watch((release) -> delivered.add(release.version()))) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "5")));
			// the unlink and the delivery run on threads of their own, in no fixed order
			await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(5L));
		}
		try (Stream<Path> files = Files.list(targetDir())) {
			assertThat(files.map((f) -> f.getFileName().toString()))
				.containsExactlyInAnyOrder("0000000000000000004.json", "0000000000000000005.json");
		}
		assertThat(store.release(ORDERS_DEV, 3)).isEmpty();
	}

	@Test
	void olderReleasesBeyondTheInMemoryOnesAreReadFromDiskIntact() {
		for (int i = 1; i <= 8; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		store.close();
		store = reopenStore();
		Release first = store.release(ORDERS_DEV, 1).orElseThrow();
		assertThat(first.properties()).containsExactly(Map.entry("a", "1"));
		assertThat(first.isIntact()).isTrue();
		assertThat(store.history(ORDERS_DEV, 100)).hasSize(8);
	}

	@Test
	void publishAfterCloseIsRefusedAsUnavailable() {
		store.close();
		assertThatExceptionOfType(io.mcpconfig.server.store.StoreUnavailableException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1"))));
	}

}
