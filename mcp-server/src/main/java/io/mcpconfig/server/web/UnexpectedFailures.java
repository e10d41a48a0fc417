package io.mcpconfig.server.web;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A failure nobody planned for: logged whole under a short id, answered with that id only.
 * Exception texts name classes, files and the state of the heap; the caller needs none of
 * it, the operator finds it in the log by the id.
 */
public final class UnexpectedFailures {

	private static final Log logger = LogFactory.getLog(UnexpectedFailures.class);

	private UnexpectedFailures() {
	}

	/**
	 * Logs the failure of a request and answers what its caller may see.
	 * @param request what failed, e.g. {@code PUT /api/v1/configs/orders/dev}
	 * @param failure the cause, {@code null} when only the status says something failed
	 * @return {@code internal error, see the server log (id 1a2b3c4d)}
	 */
	public static String logged(String request, Throwable failure) {
		String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
		logger.error(request + " failed (id " + id + ")", failure);
		return "internal error, see the server log (id " + id + ")";
	}

}
