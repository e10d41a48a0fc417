package io.mcpconfig.cli.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.output.Printable;

/**
 * The center's admin HTTP API: one call at a time, each bounded by the connect and request
 * timeouts. A read the center is too busy for (503 or 429 with a short Retry-After) is
 * tried again after the wait it asks for, twice at most; a change never is. A 2xx answer
 * is handed back as JSON; anything else becomes a
 * {@link CommandFailure} whose status says what kind of failure it was and whose message
 * is the center's own {@code {"error": ...}}.
 */
public final class AdminApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** A read the center is too busy for is tried again, this many times in all. */
	private static final int READ_ATTEMPTS = 3;

	/** The longest Retry-After a read waits for before it is tried again; a longer one fails it. */
	private static final Duration MAX_BUSY_WAIT = Duration.ofSeconds(5);

	private final HttpClient http;

	private final URI server;

	private final String token;

	private final Duration requestTimeout;

	private AdminApi(HttpClient http, URI server, String token, Duration requestTimeout) {
		this.http = http;
		this.server = server;
		this.token = token;
		this.requestTimeout = requestTimeout;
	}

	public static AdminApi connect(ConnectionChoices choices, Duration connectTimeout, Duration requestTimeout) {
		URI server = serverUri(choices.serverOrDefault());
		// made before any HttpClient class loads: --insecure sets a property the client reads once
		SSLContext tls = !"https".equals(server.getScheme()) ? null
				: choices.isInsecure() ? ServerTrust.trustingAnything() : ServerTrust.of(choices.caFile());
		HttpClient.Builder http = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER);
		if (tls != null) {
			http.sslContext(tls);
		}
		return new AdminApi(http.build(), server, token(choices.token()), requestTimeout);
	}

	/**
	 * The token as it is sent: without the blanks and line breaks around it (a token file
	 * saved with CRLF), and refused, never echoed, when a control character is left in it:
	 * an HTTP header cannot carry one.
	 */
	static String token(String given) {
		if (given == null) {
			return null;
		}
		String token = given.strip();
		if (token.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			throw new CommandFailure(ExitStatus.USAGE,
					"the token holds a control character (a line break?), which no HTTP header can carry; it was not sent");
		}
		return token;
	}

	/** The base URL, {@code http://} added when no scheme is given, without a trailing slash. */
	static URI serverUri(String server) {
		String url = server.contains("://") ? server : "http://" + server;
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new CommandFailure(ExitStatus.USAGE,
					"the server '" + server + "' is no URL like http://config:8070: " + ex.getMessage(), ex);
		}
		String wrong = null;
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
			wrong = "not an http(s) URL with a host";
		}
		else if (uri.getRawUserInfo() != null) {
			// not echoed: it may be a password
			throw new CommandFailure(ExitStatus.USAGE, "the server URL holds a user name or password, which mcpctl "
					+ "neither sends nor prints: give a token with --token, MCP_TOKEN or the config file");
		}
		else if (uri.getPort() > 65535) {
			wrong = "port " + uri.getPort() + " is out of range";
		}
		else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			wrong = "the API's paths go after it, so it takes no ?query or #fragment";
		}
		return (wrong != null) ? refused(server, wrong) : uri;
	}

	private static URI refused(String server, String why) {
		throw new CommandFailure(ExitStatus.USAGE, "the server '" + server + "' is no URL like http://config:8070: " + why);
	}

	public URI server() {
		return this.server;
	}

	public JsonNode get(ApiPath path) {
		return send("GET", path, BodyPublishers.noBody(), null, null, false);
	}

	public JsonNode put(ApiPath path, Payload payload, Long ifMatch) {
		return send("PUT", path, BodyPublishers.ofByteArray(payload.bytes()), payload.contentType(), ifMatch, false);
	}

	/** A POST with a JSON body, or none when {@code json} is null. */
	public JsonNode post(ApiPath path, JsonNode json, Long ifMatch) {
		if (json == null) {
			return send("POST", path, BodyPublishers.noBody(), null, ifMatch, false);
		}
		try {
			return send("POST", path, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json)), "application/json",
					ifMatch, false);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a JSON tree that does not serialize", ex);
		}
	}

	/** A POST with a body of its own media type (an archive). */
	public JsonNode post(ApiPath path, Payload payload) {
		return send("POST", path, BodyPublishers.ofByteArray(payload.bytes()), payload.contentType(), null, false);
	}

	public JsonNode delete(ApiPath path, Long ifMatch) {
		return send("DELETE", path, BodyPublishers.noBody(), null, ifMatch, false);
	}

	/**
	 * A PUT that creates only: {@code If-None-Match: *}, which the center refuses (412) when
	 * what it would create exists.
	 */
	public JsonNode putNew(ApiPath path, Payload payload, Long ifMatch) {
		return send("PUT", path, BodyPublishers.ofByteArray(payload.bytes()), payload.contentType(), ifMatch, true);
	}

	private JsonNode send(String method, ApiPath path, BodyPublisher body, String contentType, Long ifMatch,
			boolean onlyIfNone) {
		URI uri = URI.create(this.server + path.toString());
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(this.requestTimeout)
			.header("Accept", "application/json")
			.method(method, body);
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (ifMatch != null) {
			request.header("If-Match", "\"" + ifMatch + "\"");
		}
		if (onlyIfNone) {
			request.header("If-None-Match", "*");
		}
		HttpRequest built = request.build();
		for (int attempt = 1;; attempt++) {
			HttpResponse<String> response = call(built, method);
			if (response.statusCode() / 100 == 2) {
				return parse(response.body(), method + " " + uri);
			}
			Optional<Duration> busy = "GET".equals(method) && attempt < READ_ATTEMPTS ? busyFor(response)
					: Optional.empty();
			if (busy.isEmpty()) {
				throw failure(response.statusCode(), response.body(), method + " " + uri);
			}
			pause(busy.get());
		}
	}

	private HttpResponse<String> call(HttpRequest request, String method) {
		CompletableFuture<HttpResponse<String>> call = this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
		try {
			// the request's own timeout ends with the headers: a body that stalls is held to it too
			return call.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new CommandFailure(ExitStatus.UNREACHABLE, "interrupted while waiting for " + this.server, ex);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new CommandFailure(ExitStatus.UNREACHABLE, unreachable(method, new HttpTimeoutException("timed out")),
					ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof IOException failure) {
				throw new CommandFailure(ExitStatus.UNREACHABLE, unreachable(method, failure), failure);
			}
			throw new IllegalStateException("the HTTP client failed", cause);
		}
	}

	/**
	 * How long the center asks a read to wait when it is busy (every place for such reads
	 * taken, or the token's share of them: 503 or 429 with Retry-After in seconds); empty
	 * for any other answer, and for a wait longer than mcpctl waits.
	 */
	static Optional<Duration> busyFor(HttpResponse<?> response) {
		if (response.statusCode() != 503 && response.statusCode() != 429) {
			return Optional.empty();
		}
		return response.headers()
			.firstValue("Retry-After")
			.filter((seconds) -> seconds.matches("\\d{1,2}"))
			.map((seconds) -> Duration.ofSeconds(Long.parseLong(seconds)))
			.filter((wait) -> wait.compareTo(MAX_BUSY_WAIT) <= 0);
	}

	private void pause(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailure(ExitStatus.UNREACHABLE, "interrupted while waiting for " + this.server, ex);
		}
	}

	private String unreachable(String method, IOException ex) {
		String why;
		// whether the request may have reached the center: then a change may have been made
		boolean sent = false;
		if (ex instanceof HttpConnectTimeoutException) {
			why = "the connection timed out";
		}
		else if (ex instanceof HttpTimeoutException) {
			why = "no answer within " + this.requestTimeout.toMillis() + " ms";
			sent = true;
		}
		else if (ex instanceof ConnectException && ex.getCause() instanceof UnresolvedAddressException) {
			why = "the host name " + this.server.getHost() + " does not resolve";
		}
		else if (ex instanceof ConnectException) {
			why = "the connection was refused";
		}
		else if (ex instanceof SSLException) {
			why = "the TLS handshake failed (" + ex.getMessage() + "); see --ca-file and --insecure";
		}
		else {
			why = String.valueOf(ex.getMessage());
			sent = true;
		}
		if (sent && !"GET".equals(method)) {
			return "no answer from the config center at " + this.server + " (" + why + "): the change may have been "
					+ "made all the same; check with mcpctl history (or tokens list) before trying again, or retry with "
					+ "--if-match, which the center refuses if it was";
		}
		return "cannot reach the config center at " + this.server + ": " + why;
	}

	private static JsonNode parse(String body, String request) {
		if (body == null || body.isBlank()) {
			return NullNode.getInstance();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new CommandFailure(ExitStatus.SERVER_ERROR, request + " answered something other than JSON: "
					+ abbreviated(body), ex);
		}
	}

	/** What an answer other than 2xx means for the exit code, with the center's reason. */
	static CommandFailure failure(int status, String body, String request) {
		JsonNode error = errorBody(body);
		String reason = (error != null && error.path("error").isTextual()) ? error.get("error").textValue() : null;
		ExitStatus exit;
		if (status == 404) {
			exit = ExitStatus.NOT_FOUND;
		}
		else if (status == 409 || status == 412) {
			exit = ExitStatus.CONFLICT;
		}
		else if (status >= 500) {
			exit = ExitStatus.SERVER_ERROR;
		}
		else {
			exit = ExitStatus.REFUSED;
		}
		String message = (reason != null) ? reason : "HTTP " + status + " from " + request + plainReason(body);
		if (status == 401) {
			message += " (give a token with --token, MCP_TOKEN or the config file's token:)";
		}
		return new CommandFailure(exit, message, status, error != null && error.path("parameter").isObject());
	}

	/**
	 * What a body that is not the center's JSON says, when it is short plain text: what a
	 * server in front, or the center's TLS port asked in plain HTTP, answers.
	 */
	private static String plainReason(String body) {
		if (body == null || body.isBlank() || body.stripLeading().startsWith("<")) {
			return "";
		}
		String text = Printable.line(abbreviated(body.strip().replaceAll("\\s*\\R\\s*", " ")));
		String hint = text.contains("requires TLS") ? " (the center talks TLS there: use https:// in --server)" : "";
		return ": " + text + hint;
	}

	/** The center's {@code {"error": ..., "parameter": ...}}, {@code null} when the body is not JSON. */
	private static JsonNode errorBody(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			return JSON.readTree(body);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	private static String abbreviated(String body) {
		return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
	}

}
