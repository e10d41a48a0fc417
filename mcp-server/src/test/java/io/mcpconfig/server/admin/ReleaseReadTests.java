package io.mcpconfig.server.admin;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Reads of stored releases (histories, one release, diffs) take one of
 * {@code mcp.server.limits.max-concurrent-release-reads} places, here 2, and a history is
 * written out as the store reads it. A store that holds the history of {@code slow/dev}
 * until the test lets it go, and fails the history of {@code broken/dev} after its first
 * release, stands in for a slow disk and an etcd that goes away mid-answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.limits.max-concurrent-release-reads=2" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ReleaseReadTests extends DataDirectoryTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Let go by the test: a history of slow/dev waits for one of these before its first release. */
	static final Semaphore slowReadsGoOn = new Semaphore(0);

	/** Counted down by each history of slow/dev that has begun. */
	static volatile CountDownLatch slowReadsBegun = new CountDownLatch(0);

	@LocalServerPort
	int port;

	private AdminClient admin;

	@BeforeEach
	void client() {
		this.admin = new AdminClient(this.port);
		slowReadsGoOn.drainPermits();
	}

	@AfterEach
	void letEveryReadGoOn() {
		slowReadsGoOn.release(100);
	}

	@Test
	void readsOfStoredReleasesBeyondTheirPlacesAreRefusedAtOnceAndTheirPlacesComeBack() throws Exception {
		publish("slow", "a: 1");
		publish("slow", "a: 2");
		slowReadsBegun = new CountDownLatch(2);
		List<CompletableFuture<HttpResponse<String>>> held = List.of(getAsync("/api/v1/configs/slow/dev/releases"),
				getAsync("/api/v1/configs/slow/dev/releases?summary=true"));
		assertThat(slowReadsBegun.await(10, TimeUnit.SECONDS)).isTrue();

		for (String read : List.of("/releases", "/releases?summary=true", "/releases/1", "/diff?from=1")) {
			HttpResponse<String> busy = this.admin.get("/api/v1/configs/slow/dev" + read);
			assertThat(busy.statusCode()).as(read).isEqualTo(503);
			assertThat(busy.headers().firstValue("Retry-After")).as(read).hasValue("1");
			assertThat(AdminClient.error(busy)).as(read)
				.isEqualTo("2 reads of stored releases (histories, releases, diffs) are in progress, the most handled"
						+ " at once (mcp.server.limits.max-concurrent-release-reads); try again");
		}
		// the current release is held in memory: no place needed
		assertThat(this.admin.get("/api/v1/configs/slow/dev").statusCode()).isEqualTo(200);

		slowReadsGoOn.release(2);
		HttpResponse<String> full = held.get(0).get(10, TimeUnit.SECONDS);
		assertThat(full.statusCode()).isEqualTo(200);
		assertThat(AdminClient.json(full)).extracting((release) -> release.get("properties").get("a").asText())
			.containsExactly("2", "1");
		HttpResponse<String> summary = held.get(1).get(10, TimeUnit.SECONDS);
		assertThat(AdminClient.json(summary)).allSatisfy((release) -> assertThat(release.has("properties")).isFalse())
			.hasSize(2);
		assertThat(this.admin.get("/api/v1/configs/slow/dev/releases/1").statusCode()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/configs/slow/dev/diff?from=1").statusCode()).isEqualTo(200);
	}

	/**
	 * The first release, larger than Tomcat's buffer, commits the answer as 200; the store
	 * then fails. A client must not take what it got for a shorter history: the connection
	 * ends without the answer's end.
	 */
	@Test
	void aHistoryWhoseReadFailsAfterItsAnswerHasBegunEndsIncomplete(CapturedOutput log) throws Exception {
		publish("broken", "a: " + "x".repeat(64 * 1024));
		publish("broken", "a: " + "y".repeat(64 * 1024));
		HttpRequest history = request("/api/v1/configs/broken/dev/releases");
		assertThatIOException().isThrownBy(() -> HTTP.send(history, BodyHandlers.ofString()))
			.withMessageContaining("chunked transfer encoding");
		assertThat(log).contains("GET /api/v1/configs/broken/dev/releases: the answer was cut short after it had"
				+ " begun: etcd went away; the connection is closed");
		// the place is given back
		assertThat(this.admin.get("/api/v1/configs/broken/dev/releases/1").statusCode()).isEqualTo(200);
	}

	/** A failure before anything is written is answered as any other: here 503. */
	@Test
	void aHistoryWhoseReadFailsAtOnceIsAnsweredUnavailable() {
		publish("down", "a: 1");
		HttpResponse<String> history = this.admin.get("/api/v1/configs/down/dev/releases");
		assertThat(history.statusCode()).isEqualTo(503);
		assertThat(AdminClient.error(history)).isEqualTo("the release store is unavailable: etcd went away");
	}

	private void publish(String app, String yaml) {
		assertThat(this.admin.put("/api/v1/configs/" + app + "/dev", AdminClient.YAML, yaml).statusCode())
			.isBetween(200, 201);
	}

	private CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return HTTP.sendAsync(request(path), BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(this.admin.uri(path))
			.header("Authorization", TestTokens.adminBearer())
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SlowAndFailingHistories {

		@Bean
		@Primary
		ReleaseStore slowAndFailingHistories(FileReleaseStore store) {
			return new DelegatingReleaseStore(store) {

				@Override
				public Stream<Release> history(Target target, int limit) {
					Stream<Release> history = super.history(target, limit);
					return switch (target.app()) {
						case "slow" -> {
							slowReadsBegun.countDown();
							yield Stream.of(0).flatMap((ignored) -> {
								waitToGoOn();
								return history;
							});
						}
						case "broken" -> failingAfter(1, history.iterator());
						case "down" -> failingAfter(0, history.iterator());
						default -> history;
					};
				}

			};
		}

		private static void waitToGoOn() {
			try {
				if (!slowReadsGoOn.tryAcquire(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("the test never let the read go on");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		/** The releases of a history, then an unavailable store instead of the rest. */
		private static Stream<Release> failingAfter(int count, Iterator<Release> releases) {
			Iterator<Release> failing = new Iterator<>() {

				private int given;

				@Override
				public boolean hasNext() {
					if (this.given == count) {
						throw new StoreUnavailableException("etcd went away", null);
					}
					return releases.hasNext();
				}

				@Override
				public Release next() {
					this.given++;
					return releases.next();
				}

			};
			return StreamSupport.stream(Spliterators.spliteratorUnknownSize(failing, Spliterator.ORDERED), false);
		}

	}

}
