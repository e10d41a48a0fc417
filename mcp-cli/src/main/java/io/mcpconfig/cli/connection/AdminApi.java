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
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;

/**
 * The center's admin HTTP API: one call at a time, each bounded by the connect and request
 * timeouts. A 2xx answer is handed back as JSON; anything else becomes a
 * {@link CommandFailure} whose status says what kind of failure it was and whose message
 * is the center's own {@code {"error": ...}}.
 */
public final class AdminApi {

	private static final ObjectMapper JSON = new ObjectMapper();

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
		return new AdminApi(http.build(), server, choices.token(), requestTimeout);
	}

	/** The base URL, {@code http://} added when no scheme is given, without a trailing slash. */
	static URI serverUri(String server) {
		String url = server.contains("://") ? server : "http://" + server;
		while (url.endsWith("/")) {
			url = url.substring(0, url.length() - 1);
		}
		try {
			URI uri = URI.create(url);
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw new IllegalArgumentException("not an http(s) URL with a host");
			}
			return uri;
		}
		catch (IllegalArgumentException ex) {
			throw new CommandFailure(ExitStatus.USAGE,
					"the server '" + server + "' is no URL like http://config:8070: " + ex.getMessage(), ex);
		}
	}

	public URI server() {
		return this.server;
	}

	public JsonNode get(ApiPath path) {
		return send("GET", path, BodyPublishers.noBody(), null, null);
	}

	public JsonNode put(ApiPath path, Payload payload, Long ifMatch) {
		return send("PUT", path, BodyPublishers.ofByteArray(payload.bytes()), payload.contentType(), ifMatch);
	}

	/** A POST with a JSON body, or none when {@code json} is null. */
	public JsonNode post(ApiPath path, JsonNode json, Long ifMatch) {
		if (json == null) {
			return send("POST", path, BodyPublishers.noBody(), null, ifMatch);
		}
		try {
			return send("POST", path, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json)), "application/json",
					ifMatch);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("a JSON tree that does not serialize", ex);
		}
	}

	public JsonNode delete(ApiPath path, Long ifMatch) {
		return send("DELETE", path, BodyPublishers.noBody(), null, ifMatch);
	}

	private JsonNode send(String method, ApiPath path, BodyPublisher body, String contentType, Long ifMatch) {
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
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CommandFailure(ExitStatus.UNREACHABLE, "interrupted while waiting for " + this.server, ex);
		}
		catch (IOException ex) {
			throw new CommandFailure(ExitStatus.UNREACHABLE, unreachable(ex), ex);
		}
		if (response.statusCode() / 100 == 2) {
			return parse(response.body(), method + " " + uri);
		}
		throw failure(response.statusCode(), response.body(), method + " " + uri);
	}

	private String unreachable(IOException ex) {
		String why;
		if (ex instanceof HttpConnectTimeoutException) {
			why = "the connection timed out";
		}
		else if (ex instanceof HttpTimeoutException) {
			why = "no answer within " + this.requestTimeout.toMillis() + " ms";
		}
		else if (ex instanceof ConnectException) {
			why = "the connection was refused";
		}
		else if (ex instanceof SSLException) {
			why = "the TLS handshake failed (" + ex.getMessage() + "); see --ca-file and --insecure";
		}
		else {
			why = String.valueOf(ex.getMessage());
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
		String reason = errorOf(body);
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
		String message = (reason != null) ? reason : "HTTP " + status + " from " + request;
		if (status == 401) {
			message += " (give a token with --token, MCP_TOKEN or the config file's token:)";
		}
		return new CommandFailure(exit, message);
	}

	private static String errorOf(String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode error = JSON.readTree(body).get("error");
			return (error != null && error.isTextual()) ? error.textValue() : null;
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	private static String abbreviated(String body) {
		return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
	}

}
