package io.mcpconfig.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import io.mcpconfig.server.McpServerProperties;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads the body of every admin API request that has one (a configuration, a rollback's
 * JSON): nothing reads a body but this. At most {@code mcp.server.max-body-size} bytes,
 * enforced while reading, so a chunked body or a lying Content-Length cannot push more
 * into memory.
 */
@Component
public class RequestBodyReader {

	private final long maxBytes;

	public RequestBodyReader(McpServerProperties properties) {
		this.maxBytes = properties.maxBodySize();
	}

	/**
	 * The whole body; empty when there is none.
	 * @throws ResponseStatusException 413 past {@code mcp.server.max-body-size}
	 */
	byte[] read(HttpServletRequest request) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			throw tooLarge();
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 512), this.maxBytes));
		InputStream in = request.getInputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1) {
			total += read;
			if (total > this.maxBytes) {
				throw tooLarge();
			}
			body.write(buffer, 0, read);
		}
		return body.toByteArray();
	}

	private ResponseStatusException tooLarge() {
		return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
				"the request body is larger than " + this.maxBytes + " bytes (mcp.server.max-body-size)");
	}

}
