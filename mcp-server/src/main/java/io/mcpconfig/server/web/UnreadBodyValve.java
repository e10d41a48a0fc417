package io.mcpconfig.server.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection of a request whose body was not read to its end, instead of
 * letting Tomcat read ("swallow") the rest to keep the connection. From a client that
 * stopped sending, that read holds a request thread until the connection times out, after
 * the answer is written: a few hundred of them (a GET with a Content-Length, a publish
 * refused before its body was read) would take every thread. Bodies the center reads are
 * bounded by {@code RequestBodyReader}; one it did not read is not worth a thread.
 */
public class UnreadBodyValve extends ValveBase {

	public UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
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

}
