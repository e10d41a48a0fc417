package io.mcpconfig.server.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import io.mcpconfig.server.web.AnswerCutShortException;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes an answer that is a JSON array element by element, as a lazily read stream yields
 * them: a history of a hundred large releases is never held whole, neither as releases nor
 * as JSON. The client must take the answer within a time limit (the time its writes wait
 * for it), so a client reading it slowly cannot hold what the answer holds (a read place)
 * for as long as it likes.
 */
@Component
public class StreamedJsonArray {

	private final ObjectMapper json;

	public StreamedJsonArray(ObjectMapper json) {
		this.json = json;
	}

	/**
	 * Writes the elements as the answer's body, and closes them.
	 * @param elements what the array holds, in order
	 * @param type the class every element is written as
	 * @param timeout how long the answer's writes may wait for the client in all, and the
	 * property that sets it
	 * @param response the answer, nothing written to it yet
	 * @throws AnswerCutShortException when reading or writing an element fails (an
	 * unavailable store, the heap), or the time is up, once the answer has begun: it can no
	 * longer say so; a failure before that is thrown as it is, and is answered as any other
	 * @throws IOException when the client went away
	 */
	public void write(Stream<?> elements, Class<?> type, TimeLimit timeout, HttpServletResponse response)
			throws IOException {
		try (elements) {
			Iterator<?> each = elements.iterator();
			// the first element is read before anything is written: what fails that early gets a proper answer
			boolean any = each.hasNext();
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			OutputStream body = new TimedBody(response, timeout);
			// closed only when all is written: its close ends the array, which would make a cut answer look whole
			SequenceWriter array = this.json.writerFor(type).writeValuesAsArray(body);
			try {
				while (any) {
					array.write(each.next());
					any = each.hasNext();
				}
				array.close();
			}
			catch (JsonProcessingException | RuntimeException | Error ex) {
				// a client that went away is an IOException of another kind, and answered as such
				if (response.isCommitted()) {
					throw cutShort(ex);
				}
				throw ex;
			}
		}
	}

	/** Jackson wraps what the body throws: the cut is thrown as the body said it. */
	private static AnswerCutShortException cutShort(Throwable failure) {
		for (Throwable next = failure; next != null; next = next.getCause()) {
			if (next instanceof AnswerCutShortException cut) {
				return cut;
			}
		}
		return new AnswerCutShortException(failure);
	}

	/**
	 * How long the writes of an answer may wait for the client, in all.
	 * @param duration the time
	 * @param property the property that sets it, for the log
	 */
	public record TimeLimit(Duration duration, String property) {
	}

	/**
	 * The answer's body, counting the time its writes wait for the client once the answer
	 * has begun, and refusing to write once that passes the limit: what a slow reader holds
	 * up, never the time the store takes to read the next element.
	 */
	private static final class TimedBody extends OutputStream {

		private final HttpServletResponse response;

		private final OutputStream out;

		private final TimeLimit limit;

		private long waitedNanos;

		TimedBody(HttpServletResponse response, TimeLimit limit) throws IOException {
			this.response = response;
			this.out = response.getOutputStream();
			this.limit = limit;
		}

		@Override
		public void write(int b) throws IOException {
			long start = checkTime();
			this.out.write(b);
			count(start);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			long start = checkTime();
			this.out.write(bytes, offset, length);
			count(start);
		}

		@Override
		public void flush() throws IOException {
			long start = checkTime();
			this.out.flush();
			count(start);
		}

		@Override
		public void close() throws IOException {
			this.out.close();
		}

		/**
		 * Refuses to write once the client has used up the time; when this write starts. Not
		 * said as Tomcat's client abort, which would spare its ERROR line: Tomcat then leaves
		 * the connection open (SlowHistoryReaderTests saw no end of it).
		 */
		private long checkTime() {
			if (this.waitedNanos > this.limit.duration().toNanos()) {
				throw new AnswerCutShortException(new TimeoutException("the client did not take the answer within "
						+ this.limit.duration().toMillis() + " ms (" + this.limit.property() + ")"));
			}
			return System.nanoTime();
		}

		/** Before the answer is committed its writes only fill the buffer: nothing waits for the client yet. */
		private void count(long start) {
			if (this.response.isCommitted()) {
				this.waitedNanos += System.nanoTime() - start;
			}
		}

	}

}
