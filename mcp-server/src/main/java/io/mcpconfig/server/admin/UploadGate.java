package io.mcpconfig.server.admin;

import java.io.IOException;

import io.mcpconfig.server.McpServerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Lets at most {@code mcp.server.limits.max-concurrent-uploads} changes (publishes,
 * rollbacks, dry runs, imports, overlay and gray changes, token creations) in at once,
 * from reading their bodies to storing them, and answers one more with 503 and
 * Retry-After instead of making it wait. Reading a body blocks a request thread on
 * its client, so clients that stall half-way can hold no more than these places; every
 * other request thread stays free for reads and health checks.
 */
@Component
public class UploadGate {

	private static final Log logger = LogFactory.getLog(UploadGate.class);

	private final RequestPlaces places;

	public UploadGate(McpServerProperties properties, ObjectProvider<ServerProperties> server) {
		this.places = new RequestPlaces(properties.limits().maxConcurrentUploads(),
				"changes (publishes, rollbacks, dry runs, imports, overlay and gray changes, token creations)",
				"mcp.server.limits.max-concurrent-uploads", "nothing was stored, try again");
		server.ifAvailable((settings) -> {
			int threads = settings.getTomcat().getThreads().getMax();
			if (this.places.count() >= threads) {
				logger.warn("mcp.server.limits.max-concurrent-uploads (" + this.places.count()
						+ ") is not below server.tomcat.threads.max (" + threads
						+ "): clients that stall half-way through a body can take every request thread");
			}
		});
	}

	/**
	 * Runs an upload if a place is free, holding it until the upload is done.
	 * @throws ErrorResponseException 503 with Retry-After when every place is taken
	 */
	public <T> T admit(RequestPlaces.Work<T> upload) throws IOException {
		return this.places.hold(upload);
	}

}
