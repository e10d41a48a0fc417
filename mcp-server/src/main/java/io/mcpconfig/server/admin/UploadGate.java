package io.mcpconfig.server.admin;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import io.mcpconfig.server.McpServerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Lets at most {@code mcp.server.limits.max-concurrent-uploads} changes (publishes,
 * rollbacks, dry runs, imports, overlay and gray changes, token creations) in at once, from reading their bodies to storing them, and answers one more with 503
 * and Retry-After instead of making it wait. Reading a body blocks a request thread on
 * its client, so clients that stall half-way can hold no more than these places; every
 * other request thread stays free for reads and health checks.
 */
@Component
public class UploadGate {

	private static final Log logger = LogFactory.getLog(UploadGate.class);

	private static final String RETRY_AFTER_SECONDS = "1";

	private final int places;

	private final Semaphore free;

	public UploadGate(McpServerProperties properties, ObjectProvider<ServerProperties> server) {
		this.places = properties.limits().maxConcurrentUploads();
		this.free = new Semaphore(this.places);
		server.ifAvailable((settings) -> {
			int threads = settings.getTomcat().getThreads().getMax();
			if (this.places >= threads) {
				logger.warn("mcp.server.limits.max-concurrent-uploads (" + this.places
						+ ") is not below server.tomcat.threads.max (" + threads
						+ "): clients that stall half-way through a body can take every request thread");
			}
		});
	}

	/**
	 * Runs an upload if a place is free, holding it until the upload is done.
	 * @throws ErrorResponseException 503 with Retry-After when every place is taken
	 */
	public <T> T admit(Upload<T> upload) throws IOException {
		if (!this.free.tryAcquire()) {
			ErrorResponseException busy = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE);
			busy.setDetail(this.places + " changes (publishes, rollbacks, dry runs, imports, overlay and gray changes, token creations)"
					+ " are in progress, the most handled at once"
					+ " (mcp.server.limits.max-concurrent-uploads); nothing was stored, try again");
			busy.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			throw busy;
		}
		try {
			return upload.run();
		}
		finally {
			this.free.release();
		}
	}

	/** A change: reads its body, checks it, stores it. */
	@FunctionalInterface
	public interface Upload<T> {

		T run() throws IOException;

	}

}
