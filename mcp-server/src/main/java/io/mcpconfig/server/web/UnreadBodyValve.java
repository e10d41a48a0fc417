package io.mcpconfig.server.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection of a request that carries a body once it is answered, instead of
 * letting Tomcat read ("swallow") what the center did not read to keep the connection.
 * From a client that stopped sending, that read holds a request thread until the
 * connection times out, after the answer is written: a few hundred of them (a GET with a
 * Content-Length, a publish refused before its body was read) would take every thread.
 * A request with a body is answered with {@code Connection: close} from the start, before
 * anyone knows whether its body will be read: a connection closed after an answer that
 * did not say so breaks the next request of a client that keeps connections alive. Bodies the center
 * reads are bounded by {@code RequestBodyReader}; publishes are rare enough to open a new
 * connection each.
 */
public class UnreadBodyValve extends ValveBase {

	public UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (carriesBody(request)) {
			// said before anything is written: the body may go unread, and then the connection is closed
			response.setHeader("Connection", "close");
		}
		try {
			getNext().invoke(request, response);
		}
		finally {
			AtomicBoolean fullyRead = new AtomicBoolean(true);
			request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
			if (!fullyRead.get()) {
				// Tomcat then closes the connection once the answer is written
				request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
			}
		}
	}

	/** From the headers alone: a Content-Length that is no number is Tomcat's to refuse, with a 400. */
	private static boolean carriesBody(Request request) {
		String length = request.getHeader("Content-Length");
		return (length != null && !length.trim().equals("0")) || request.getHeader("Transfer-Encoding") != null;
	}

}
