package io.mcpconfig.server.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that send a request's headers and part of its body, then stall: with Tomcat's
 * default 200 request threads and the center's default limits, they must not take the
 * port from everyone else, and what they never finished sending is never applied. Only
 * the upload deadline is shortened, so that a test can outlast it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.limits.upload-timeout=1s" })
@DirtiesContext
class SlowClientTests extends DataDirectoryTests {

	/** The admin token's header line: without it the center answers 401 before it reads any body. */
	private static final String AUTHORIZATION = "Authorization: " + TestTokens.adminBearer() + "\r\n";

	/** As many as Tomcat has request threads by default: enough to take them all. */
	private static final int STALLED = 200;

	private static final Duration PROMPT = Duration.ofSeconds(2);

	/** {@code mcp.server.limits.max-concurrent-uploads} by default. */
	private static final int DEFAULT_UPLOAD_PLACES = 16;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	private final List<RawHttp> stalled = new ArrayList<>();

	@AfterEach
	void cutStalledClients() {
		this.stalled.forEach(RawHttp::close);
	}

	@Test
	void stalledUploadsLeaveHealthAndReadsAnsweringAndNoneIsAppliedOnceTheyAreCut() throws Exception {
		assertThat(publish("stall", "a=before\n").statusCode()).isEqualTo(201);
		for (int i = 0; i < STALLED; i++) {
			stall("PUT /api/v1/configs/stall/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
					+ "Content-Type: text/plain\r\n"
					+ "Content-Length: 1000\r\n\r\na=stall");
		}

		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		HttpResponse<String> current = get("/api/v1/configs/stall/dev");
		assertThat(current.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(current.body()).get("version").asLong()).isEqualTo(1);
		RawHttp.Response refused = this.stalled.get(STALLED - 1).response();
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.header("Retry-After")).isEqualTo("1");
		assertThat(JSON.readTree(refused.body()).get("error").asText())
			.contains("mcp.server.limits.max-concurrent-uploads");

		cutStalledClients();
		// once the uploads that were let in have failed, a publish is let in again
		await().atMost(PROMPT).until(() -> publish("stall", "a=after\n").statusCode() == 200);
		JsonNode history = JSON.readTree(get("/api/v1/configs/stall/dev/releases").body());
		assertThat(history).extracting((release) -> release.get("properties").get("a").asText())
			.containsExactly("after", "before");
	}

	@Test
	void stalledTokenCreationsTakeThePlacesOfUploadsToo() throws Exception {
		// well over the places: the connections reach the gate in no set order
		for (int i = 0; i < 3 * DEFAULT_UPLOAD_PLACES; i++) {
			stall("POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
					+ "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\": ");
		}
		// a whole creation it would refuse for its body (400) is not let in once they hold every place
		await().atMost(Duration.ofSeconds(10)).until(() -> createToken("{}").statusCode() == 503);
		HttpResponse<String> refused = createToken("{}");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("token creations",
				"mcp.server.limits.max-concurrent-uploads");

		cutStalledClients();
		await().atMost(PROMPT).until(() -> publish("tokens", "a=1\n").statusCode() == 201);
	}

	@Test
	void stalledBodiesThatNothingReadsHoldNoRequestThread() throws Exception {
		for (int i = 0; i < STALLED; i++) {
			// a GET with a body, and a form the center does not take
			stall((i % 2 == 0)
					? "GET /api/v1/configs/unread/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
							+ "Content-Length: 1000\r\n\r\nabc"
					: "PUT /api/v1/configs/unread/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
							+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na=b");
		}

		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.stalled.get(1).response().status()).isEqualTo(415);
	}

	@Test
	void anUploadStillArrivingAtItsDeadlineIs408AndIsNeverApplied() throws Exception {
		String body = "a=late\n";
		RawHttp slow = stall("PUT /api/v1/configs/late/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
				+ "Content-Type: text/plain\r\n"
				+ "Content-Length: " + (body.length() + 100) + "\r\n\r\n" + body);
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			// one byte a tenth of a second: never stalled, never done within the 1 s deadline
			trickle.scheduleAtFixedRate(() -> slow.send("#"), 100, 100, TimeUnit.MILLISECONDS);
			RawHttp.Response late = slow.response();
			assertThat(late.status()).isEqualTo(408);
			assertThat(JSON.readTree(late.body()).get("error").asText()).contains("mcp.server.limits.upload-timeout");
		}
		finally {
			trickle.shutdownNow();
		}
		assertThat(get("/api/v1/configs/late/dev").statusCode()).isEqualTo(404);
	}

	/** A connection that has sent {@code request} and sends nothing more; closed after the test. */
	private RawHttp stall(String request) {
		RawHttp connection = RawHttp.connect(this.port, Duration.ofSeconds(5)).send(request);
		this.stalled.add(connection);
		return connection;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(
				HttpRequest.newBuilder(uri(path)).header("Authorization", TestTokens.adminBearer()).timeout(PROMPT).build(),
				BodyHandlers.ofString());
	}

	private HttpResponse<String> publish(String app, String properties) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/configs/" + app + "/dev"))
			.header("Authorization", TestTokens.adminBearer())
			.header("Content-Type", "text/plain")
			.PUT(BodyPublishers.ofString(properties))
			.timeout(PROMPT)
			.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> createToken(String json) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/tokens"))
			.header("Authorization", TestTokens.adminBearer())
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json))
			.timeout(PROMPT)
			.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
