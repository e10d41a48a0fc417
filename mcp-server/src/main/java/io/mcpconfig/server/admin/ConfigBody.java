package io.mcpconfig.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reads a request body up to a size limit. The limit is enforced while reading, so a
 * chunked body or a lying Content-Length cannot push more than the limit into memory.
 */
final class ConfigBody {

	private ConfigBody() {
	}

	/**
	 * @param contentLength the declared length, -1 when unknown
	 * @throws ResponseStatusException 413 past {@code maxBytes}, 400 when the body is empty
	 */
	static byte[] read(InputStream in, long contentLength, long maxBytes) throws IOException {
		if (contentLength > maxBytes) {
			throw tooLarge(maxBytes);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(contentLength, 512), maxBytes));
		byte[] buffer = new byte[8192];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1) {
			total += read;
			if (total > maxBytes) {
				throw tooLarge(maxBytes);
			}
			body.write(buffer, 0, read);
		}
		if (total == 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"the request body is missing: send the configuration as YAML (application/yaml) or properties"
							+ " (text/plain)");
		}
		return body.toByteArray();
	}

	private static ResponseStatusException tooLarge(long maxBytes) {
		return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE,
				"the request body is larger than " + maxBytes + " bytes (mcp.server.max-body-size)");
	}

}
