package io.mcpconfig.server.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.events.EventReader.Event;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.TokenSecret;
import io.mcpconfig.server.sync.GrpcServerPort;
import io.mcpconfig.server.sync.SyncClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/events} against a real center: releases and instance changes arrive
 * as events, only of the targets the reader's token may read and its filter names, and
 * a stream whose reader went away is closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpc.server.port=0")
@Import(GrpcServerPort.class)
@DirtiesContext
class EventStreamTests extends DataDirectoryTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(DEADLINE).build();

	@LocalServerPort
	int port;

	@Autowired
	GrpcServerPort grpcPort;

	@Autowired
	EventStreams streams;

	private static final AtomicInteger tokens = new AtomicInteger();

	@Test
	void aPublishArrivesAsAReleaseEventOnlyForReadersWhoseScopeAndFilterCoverIt() throws Exception {
		try (EventReader all = EventReader.open(this.port, "", TestTokens.ADMIN);
				EventReader scoped = EventReader.open(this.port, "", ordersReader());
				EventReader filtered = EventReader.open(this.port, "?app=payments", TestTokens.ADMIN)) {
			assertThat(all.status()).isEqualTo(200);
			assertThat(all.contentType()).startsWith("text/event-stream");

			publish("payments", "dev", "b: 1\n");
			publish("orders", "dev", "a: 1\n");

			JsonEvent payments = JsonEvent.of(all.next(EventStreamTests::isRelease, DEADLINE));
			assertThat(payments.text("app")).isEqualTo("payments");
			assertThat(payments.text("author")).isEqualTo("admin");
			JsonEvent orders = JsonEvent.of(all.next(EventStreamTests::isRelease, DEADLINE));
			assertThat(orders.text("app")).isEqualTo("orders");
			assertThat(orders.event.data().get("checksum").asText()).hasSize(64);
			// the reader of orders/dev never hears of payments
			assertThat(JsonEvent.of(scoped.next(EventStreamTests::isRelease, DEADLINE)).text("app")).isEqualTo("orders");
			// the stream filtered to payments never hears of orders
			assertThat(JsonEvent.of(filtered.next(EventStreamTests::isRelease, DEADLINE)).text("app")).isEqualTo("payments");
			publish("payments", "dev", "b: 2\n");
			assertThat(JsonEvent.of(filtered.next(EventStreamTests::isRelease, DEADLINE)).version())
				.isEqualTo(payments.version() + 1);
		}
	}

	@Test
	void anInstanceThatAcknowledgesAReleaseArrivesAsAnInstancesEvent() throws Exception {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort.get())
			.usePlaintext()
			.intercept(TestTokens.sendingAdmin())
			.build();
		try (EventReader reader = EventReader.open(this.port, "?app=orders&env=dev", ordersReader());
				SyncClient client = SyncClient.autoAcking(channel)) {
			client.subscribe("orders", "dev", "i-events");
			AtomicInteger published = new AtomicInteger();
			// the instances are looked at every second: a publish the instance acknowledges after
			// the first look changes what the next look sees
			await().atMost(DEADLINE).untilAsserted(() -> {
				publish("orders", "dev", "a: acked-" + published.incrementAndGet() + "\n");
				Event changed = reader.next((event) -> event.type().equals("instances"), Duration.ofSeconds(2));
				assertThat(changed.data().get("app").asText()).isEqualTo("orders");
				assertThat(changed.data().get("env").asText()).isEqualTo("dev");
			});
		}
		finally {
			channel.shutdownNow();
		}
	}

	@Test
	void streamsWhoseReadersWentAwayAreClosed() throws Exception {
		EventReader reader = EventReader.open(this.port, "", TestTokens.ADMIN);
		await().atMost(DEADLINE).until(() -> this.streams.size() >= 1);
		reader.close();
		// every reader of these tests has gone by now; a write after a reader closed its end
		// finds the connection gone (the first may still be taken by the socket): each stream
		// gets releases of the targets it wants here, and a heartbeat at the latest
		AtomicInteger published = new AtomicInteger();
		await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
			String yaml = "c: " + published.incrementAndGet() + "\n";
			for (String app : new String[] { "orders", "payments" }) {
				publish(app, "dev", yaml);
			}
			return this.streams.size() == 0;
		});
	}

	@Test
	void badFiltersAreRefusedWithTheReason() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/events?app=a%20b")))
			.header("Authorization", TestTokens.adminBearer())
			.timeout(DEADLINE)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("app");
	}

	@Test
	void oneStreamMoreThanTheLimitIsRefused() {
		EventStreams bounded = new EventStreams(null, null, 1, 1, Duration.ofSeconds(15), Duration.ofSeconds(1));
		bounded.open(null, null, null);
		assertThatExceptionOfType(TooManyStreamsException.class).isThrownBy(() -> bounded.open(null, null, null))
			.withMessageContaining("1 event streams are open");
	}

	@Test
	void oneTokenCannotTakeMoreThanItsShareOfTheStreams() {
		EventStreams bounded = new EventStreams(null, null, 4, 2, Duration.ofSeconds(15), Duration.ofSeconds(1));
		ApiToken greedy = reader("greedy");
		bounded.open(greedy, null, null);
		bounded.open(greedy, null, null);
		assertThatExceptionOfType(TooManyStreamsOfTokenException.class)
			.isThrownBy(() -> bounded.open(greedy, null, null))
			.withMessageContaining("token 'greedy' has 2 event streams open, the most one token may have");
		// the refused one took no slot: the others are everyone else's
		bounded.open(reader("other"), null, null);
		bounded.open(null, null, null);
		assertThat(bounded.size()).isEqualTo(4);
	}

	@Test
	void aTokenBeyondItsShareOfStreamsIsAnswered429UntilOneOfItsStreamsEnds() throws Exception {
		String greedy = ordersReader();
		List<EventReader> readers = new ArrayList<>();
		try {
			for (int i = 0; i < 32; i++) {
				readers.add(EventReader.open(this.port, "", greedy));
				assertThat(readers.get(i).status()).isEqualTo(200);
			}
			// a stream let in would never end its body: waited for with a deadline
			HttpResponse<String> refused = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url("/api/v1/events")))
				.header("Authorization", TestTokens.bearer(greedy))
				.build(), HttpResponse.BodyHandlers.ofString()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Retry-After")).contains("5");
			assertThat(refused.body()).contains("has 32 event streams open, the most one token may have");
			try (EventReader other = EventReader.open(this.port, "", ordersReader())) {
				assertThat(other.status()).isEqualTo(200);
			}
			readers.remove(0).close();
			// the center notices a reader gone at its next write: a release of orders/dev it may read
			AtomicInteger published = new AtomicInteger();
			await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
				publish("orders", "dev", "share: " + published.incrementAndGet() + "\n");
				EventReader again = EventReader.open(this.port, "", greedy);
				readers.add(again);
				return again.status() == 200;
			});
		}
		finally {
			for (EventReader reader : readers) {
				reader.close();
			}
		}
	}

	private static ApiToken reader(String name) {
		return new ApiToken(name, Role.READER, Scope.ALL, TokenSecret.hash(name), Instant.now(), "test");
	}

	private static boolean isRelease(Event event) {
		return event.type().equals("release");
	}

	/** An event's JSON data, read by field. */
	private record JsonEvent(Event event) {

		static JsonEvent of(Event event) {
			return new JsonEvent(event);
		}

		String text(String field) {
			return this.event.data().get(field).asText();
		}

		long version() {
			return this.event.data().get("version").asLong();
		}

	}

	private void publish(String app, String env, String yaml) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/configs/" + app + "/" + env)))
			.header("Authorization", TestTokens.adminBearer())
			.header("Content-Type", "application/yaml")
			.PUT(HttpRequest.BodyPublishers.ofString(yaml))
			.timeout(DEADLINE)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
	}

	/** A new reader token of orders/dev. */
	private String ordersReader() throws Exception {
		return createToken("{\"name\": \"orders-reader-" + tokens.incrementAndGet()
				+ "\", \"role\": \"reader\", \"apps\": [\"orders\"], \"envs\": [\"dev\"]}");
	}

	private String createToken(String body) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/v1/tokens")))
			.header("Authorization", TestTokens.adminBearer())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(DEADLINE)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("token").asText();
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
