package io.mcpconfig.server.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.TestTokens;

/**
 * {@code GET /api/v1/events} read as the console reads it: a bearer token in the header,
 * the body parsed frame by frame, on a thread of its own. A socket of its own, so that
 * closing it surely ends the connection (a pooling HTTP client may keep it), and HTTP/1.0,
 * so that the body comes without chunk framing.
 */
final class EventReader implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Socket socket;

	private final BufferedReader lines;

	private final String statusLine;

	private final List<String> headers = new ArrayList<>();

	private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

	/** One event as parsed from its frame: comments are events of type {@code :}. */
	record Event(String type, JsonNode data) {
	}

	private EventReader(Socket socket) throws IOException {
		this.socket = socket;
		this.lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		this.statusLine = this.lines.readLine();
		for (String header = this.lines.readLine(); header != null && !header.isEmpty(); header = this.lines.readLine()) {
			this.headers.add(header);
		}
		Thread reading = new Thread(this::read, "event-reader");
		reading.setDaemon(true);
		reading.start();
	}

	/** Opens a stream; the answer's status tells whether it was let in. */
	static EventReader open(int port, String query, String secret) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		// headers arrive at once (the center sends a comment as the stream opens); events within the tests' waits
		socket.setSoTimeout(30_000);
		socket.getOutputStream()
			.write(("GET /api/v1/events" + query + " HTTP/1.0\r\nAuthorization: " + TestTokens.bearer(secret)
					+ "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		return new EventReader(socket);
	}

	int status() {
		return Integer.parseInt(this.statusLine.split(" ")[1]);
	}

	String contentType() {
		return this.headers.stream()
			.filter((header) -> header.toLowerCase().startsWith("content-type:"))
			.map((header) -> header.substring("content-type:".length()).strip())
			.findFirst()
			.orElse("");
	}

	private void read() {
		List<String> frame = new ArrayList<>();
		try {
			for (String line = this.lines.readLine(); line != null; line = this.lines.readLine()) {
				if (!line.isEmpty()) {
					frame.add(line);
					continue;
				}
				this.events.add(parse(frame));
				frame.clear();
			}
		}
		catch (IOException ex) {
			// closed by the test or by the center
		}
	}

	private static Event parse(List<String> frame) throws IOException {
		String type = "message";
		StringBuilder data = new StringBuilder();
		for (String line : frame) {
			if (line.startsWith(":")) {
				type = ":";
			}
			else if (line.startsWith("event:")) {
				type = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				data.append(line.substring(5).strip());
			}
		}
		return new Event(type, data.isEmpty() ? null : JSON.readTree(data.toString()));
	}

	/** The next event that matches, skipping others; fails after {@code atMost}. */
	Event next(Predicate<Event> wanted, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		for (;;) {
			Event event = this.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (event == null) {
				throw new AssertionError("no such event within " + atMost);
			}
			if (wanted.test(event)) {
				return event;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
