package io.mcpconfig.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand on a plain socket: requests no HTTP client would send (a
 * {@code %00} in the path, a header over the limit), clients that stop half-way, and
 * requests from another loopback address than 127.0.0.1.
 */
public final class RawHttp implements AutoCloseable {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private final Socket socket;

	private RawHttp(Socket socket) {
		this.socket = socket;
	}

	/** A connection to {@code 127.0.0.1:port} whose reads give up after {@code readTimeout}. */
	static RawHttp connect(int port, Duration readTimeout) {
		return connect(null, port, readTimeout);
	}

	/**
	 * The same from a given local address ({@code 127.0.0.2}: any of 127/8 is loopback on
	 * Linux), {@code null} for any.
	 */
	static RawHttp connect(String localAddress, int port, Duration readTimeout) {
		Socket socket = new Socket();
		try {
			if (localAddress != null) {
				socket.bind(new InetSocketAddress(localAddress, 0));
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CONNECT_TIMEOUT.toMillis());
			socket.setSoTimeout((int) readTimeout.toMillis());
			return new RawHttp(socket);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException("cannot connect to port " + port, ex);
		}
	}

	/** Sends one request and answers the whole response (the server closes the connection). */
	static Response exchange(int port, String request) {
		return exchange(null, port, request);
	}

	/** The same from a given local address, {@code null} for any. */
	public static Response exchange(String localAddress, int port, String request) {
		try (RawHttp connection = connect(localAddress, port, Duration.ofSeconds(5))) {
			connection.send(request);
			return connection.response();
		}
	}

	/** Sends text as ISO-8859-1, bytes as they are: what a test writes is what goes on the wire. */
	RawHttp send(String text) {
		try {
			this.socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
			this.socket.getOutputStream().flush();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Everything the server sends until it closes the connection or the read timeout passes. */
	Response response() {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			InputStream in = this.socket.getInputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			// the server kept the connection open: what arrived is the answer
		}
		catch (IOException ex) {
			// reset after the answer: what arrived is the answer
		}
		// one char per byte, so chunk sizes count right; body() decodes UTF-8
		return new Response(received.toString(StandardCharsets.ISO_8859_1));
	}

	@Override
	public void close() {
		closeQuietly(this.socket);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing to do: the test is done with it
		}
	}

	/** A raw response: status line, headers, body. */
	public record Response(String raw) {

		public int status() {
			if (!this.raw.startsWith("HTTP/1.1 ")) {
				return -1;
			}
			return Integer.parseInt(this.raw.substring(9, 12));
		}

		public String header(String name) {
			for (String line : head().split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

		public String body() {
			int end = this.raw.indexOf("\r\n\r\n");
			String body = (end < 0) ? "" : this.raw.substring(end + 4);
			String bytes = "chunked".equalsIgnoreCase(header("Transfer-Encoding")) ? unchunked(body) : body;
			return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
		}

		private static String unchunked(String chunked) {
			StringBuilder body = new StringBuilder();
			int at = 0;
			while (at < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", at);
				if (lineEnd < 0) {
					break;
				}
				int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
				at = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

		private String head() {
			int end = this.raw.indexOf("\r\n\r\n");
			return (end < 0) ? this.raw : this.raw.substring(0, end);
		}

	}

}
