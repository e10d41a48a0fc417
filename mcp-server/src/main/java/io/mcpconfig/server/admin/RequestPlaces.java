package io.mcpconfig.server.admin;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A fixed number of places for one kind of request, each held while such a request is
 * handled. One more is answered 503 with Retry-After at once instead of waiting, so a flood
 * of them holds no request thread beyond these places, and Tomcat's others stay free.
 */
public final class RequestPlaces {

	private static final String RETRY_AFTER_SECONDS = "1";

	private final int count;

	private final Semaphore free;

	private final String busy;

	/**
	 * @param count how many places there are
	 * @param what the requests that take them, for the 503 when every place is taken
	 * @param property the property that sets the count
	 * @param advice what the client should do then
	 */
	RequestPlaces(int count, String what, String property, String advice) {
		this.count = count;
		this.free = new Semaphore(count);
		this.busy = "every place for " + what + " is taken: the center handles " + count + " at once (" + property
				+ "); " + advice;
	}

	int count() {
		return this.count;
	}

	/**
	 * Runs work if a place is free, holding it until the work is done.
	 * @throws ErrorResponseException 503 with Retry-After when every place is taken
	 */
	<T> T hold(Work<T> work) throws IOException {
		if (!this.free.tryAcquire()) {
			throw refusal(HttpStatus.SERVICE_UNAVAILABLE, this.busy);
		}
		try {
			return work.run();
		}
		finally {
			this.free.release();
		}
	}

	/**
	 * A request refused for now, to be tried again after a second: 503 when every place is
	 * taken, 429 when its token holds its share of them.
	 */
	static ErrorResponseException refusal(HttpStatus status, String detail) {
		ErrorResponseException refused = new ErrorResponseException(status);
		refused.setDetail(detail);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return refused;
	}

	/** What a request does in its place. */
	@FunctionalInterface
	public interface Work<T> {

		T run() throws IOException;

	}

}
