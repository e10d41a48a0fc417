package io.mcpconfig.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import io.mcpconfig.server.McpServerProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the body of every admin API request that has one (a configuration, a rollback's
 * JSON): nothing reads a body but this, and only through {@link UploadGate}. A body is
 * whole or refused: at most {@code mcp.server.max-body-size} bytes, enforced while
 * reading so a chunked body or a lying Content-Length cannot push more into memory;
 * arrived within {@code mcp.server.limits.upload-timeout}; and as long as its
 * Content-Length said. A body cut short or too slow is never handed on, so its publish is
 * never applied, now or later.
 */
@Component
public class RequestBodyReader {

	private static final Log logger = LogFactory.getLog(RequestBodyReader.class);

	private final long maxBytes;

	private final Duration timeout;

	public RequestBodyReader(McpServerProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
		this.timeout = properties.limits().uploadTimeout();
	}

	/**
	 * The whole body; empty when there is none.
	 * @throws ResponseStatusException 413 past {@code mcp.server.max-body-size}, 408 when
	 * the body is not all there within the deadline, 400 when it ends early
	 */
	public byte[] read(HttpServletRequest request) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			throw tooLarge();
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 512), this.maxBytes));
		byte[] buffer = new byte[8192];
		long total = 0;
		try {
			InputStream in = request.getInputStream();
			int read;
			while ((read = in.read(buffer)) != -1) {
				total += read;
				if (total > this.maxBytes) {
					throw tooLarge();
				}
				// between reads: a read itself waits at most server.tomcat.connection-timeout
				if (System.nanoTime() - deadline > 0) {
					throw tooSlow(request, total, declared);
				}
				body.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			throw cutShort(request, total, declared, ex);
		}
		if (declared >= 0 && total < declared) {
			throw cutShort(request, total, declared, null);
		}
		return body.toByteArray();
	}

	private ResponseStatusException tooLarge() {
		return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
				"the request body is larger than " + this.maxBytes + " bytes (mcp.server.max-body-size)");
	}

	private ResponseStatusException tooSlow(HttpServletRequest request, long received, long declared) {
		if (logger.isDebugEnabled()) {
			logger.debug(request.getMethod() + " " + request.getRequestURI() + ": body not received within "
					+ this.timeout + " (" + received + " of " + declared + " bytes)");
		}
		return new ResponseStatusException(HttpStatus.REQUEST_TIMEOUT, "the request body did not arrive within "
				+ this.timeout.toMillis() + " ms (mcp.server.limits.upload-timeout); nothing was stored");
	}

	/**
	 * The client stopped sending or went away. When Tomcat's read failed, Tomcat has
	 * already turned the answer into an error for the error page, which says what
	 * happened; this only stops the upload.
	 */
	private static ResponseStatusException cutShort(HttpServletRequest request, long received, long declared,
			IOException failure) {
		String of = (declared >= 0) ? " of " + declared : "";
		if (logger.isDebugEnabled()) {
			logger.debug(request.getMethod() + " " + request.getRequestURI() + ": body cut short after " + received + of
					+ " bytes: " + ((failure != null) ? failure.toString() : "end of stream"));
		}
		return new ResponseStatusException(HttpStatus.BAD_REQUEST,
				"the request body ended after " + received + of + " bytes; nothing was stored");
	}

}
