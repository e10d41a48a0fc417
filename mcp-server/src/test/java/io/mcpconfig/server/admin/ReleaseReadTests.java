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
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.Tokens;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
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
 * until the test lets it go, and fails the history of {@code broken/dev} and
 * {@code heap/dev} after their first release, stands in for a slow disk, an etcd that goes
 * away mid-answer and a heap that runs out.
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

	@Autowired
	Tokens tokens;

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
	void readsOfStoredReleasesBeyondTheirPlacesOrTheirTokensShareAreRefusedAtOnceAndThePlacesComeBack()
			throws Exception {
		publish("slow", "a: 1");
		publish("slow", "a: 2");
		String reader = reader("reader-" + System.nanoTime());
		slowReadsBegun = new CountDownLatch(2);
		List<CompletableFuture<HttpResponse<String>>> held = List.of(
				getAsync("/api/v1/configs/slow/dev/releases", TestTokens.ADMIN),
				getAsync("/api/v1/configs/slow/dev/releases?summary=true", reader));
		assertThat(slowReadsBegun.await(10, TimeUnit.SECONDS)).isTrue();

		// each token holds its share, one of the two places
		HttpResponse<String> share = this.admin.get("/api/v1/configs/slow/dev/releases/1");
		assertThat(share.statusCode()).isEqualTo(429);
		assertThat(share.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(AdminClient.error(share)).startsWith("token '").contains("' holds 1 of the 2 places for reads of"
				+ " stored releases", "mcp.server.limits.max-concurrent-release-reads");
		// and every place is taken
		AdminClient another = this.admin.as(reader("another-" + System.nanoTime()));
		for (String read : List.of("/releases", "/releases?summary=true", "/releases/1", "/diff?from=1")) {
			HttpResponse<String> busy = another.get("/api/v1/configs/slow/dev" + read);
			assertThat(busy.statusCode()).as(read).isEqualTo(503);
			assertThat(busy.headers().firstValue("Retry-After")).as(read).hasValue("1");
			assertThat(AdminClient.error(busy)).as(read)
				.isEqualTo("every place for reads of stored releases (histories, releases, diffs) is taken: the center"
						+ " handles 2 at once (mcp.server.limits.max-concurrent-release-reads); try again");
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

		// both places and both shares came back: the same two tokens hold them at once again
		slowReadsBegun = new CountDownLatch(2);
		List<CompletableFuture<HttpResponse<String>>> again = List.of(
				getAsync("/api/v1/configs/slow/dev/releases", TestTokens.ADMIN),
				getAsync("/api/v1/configs/slow/dev/releases", reader));
		assertThat(slowReadsBegun.await(10, TimeUnit.SECONDS)).isTrue();
		slowReadsGoOn.release(2);
		for (CompletableFuture<HttpResponse<String>> read : again) {
			assertThat(read.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(this.admin.get("/api/v1/configs/slow/dev/diff?from=1").statusCode()).isEqualTo(200);
	}

	/**
	 * The first release commits the answer as 200 (Jackson flushes each element it
	 * writes); then the store fails, or the heap runs out. A client must not take what it
	 * got for a shorter history: the connection ends without the answer's end, and nothing
	 * is written into the answer after its start.
	 */
	@ParameterizedTest
	@CsvSource({ "broken, StoreUnavailableException: etcd went away",
			"heap, java.lang.OutOfMemoryError: Java heap space" })
	void aHistoryWhoseReadFailsAfterItsAnswerHasBegunEndsIncomplete(String app, String failure, CapturedOutput log)
			throws Exception {
		publish(app, "a: 1");
		publish(app, "a: 2");
		HttpRequest history = request("/api/v1/configs/" + app + "/dev/releases");
		assertThatIOException().isThrownBy(() -> HTTP.send(history, BodyHandlers.ofString()))
			.withMessageContaining("chunked transfer encoding");
		assertThat(log).contains("GET /api/v1/configs/" + app + "/dev/releases: the answer was cut short after it had"
				+ " begun: ", failure, "; the connection is closed")
			.doesNotContain("failed (id");
		// the place is given back
		assertThat(this.admin.get("/api/v1/configs/" + app + "/dev/releases/1").statusCode()).isEqualTo(200);
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

	private CompletableFuture<HttpResponse<String>> getAsync(String path, String secret) {
		return HTTP.sendAsync(request(path, secret), BodyHandlers.ofString());
	}

	private HttpRequest request(String path) {
		return request(path, TestTokens.ADMIN);
	}

	private HttpRequest request(String path, String secret) {
		return HttpRequest.newBuilder(this.admin.uri(path))
			.header("Authorization", TestTokens.bearer(secret))
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	private String reader(String name) {
		return this.tokens.create(name, Role.READER, Scope.ALL, "test", null).secret();
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
						case "broken" -> failingAfter(1, history.iterator(),
								() -> new StoreUnavailableException("etcd went away", null));
						case "heap" -> failingAfter(1, history.iterator(), () -> new OutOfMemoryError("Java heap space"));
						case "down" -> failingAfter(0, history.iterator(),
								() -> new StoreUnavailableException("etcd went away", null));
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

		/** The first releases of a history, then a failure (an unavailable store, the heap) instead of the rest. */
		private static Stream<Release> failingAfter(int count, Iterator<Release> releases,
				Supplier<? extends Throwable> failure) {
			Iterator<Release> failing = new Iterator<>() {

				private int given;

				@Override
				public boolean hasNext() {
					if (this.given == count) {
						Throwable thrown = failure.get();
						if (thrown instanceof Error error) {
							throw error;
						}
						throw (RuntimeException) thrown;
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
