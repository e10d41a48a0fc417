package io.mcpconfig.server.admin;

import java.io.IOException;
import java.util.Iterator;
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
 * as JSON.
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
	 * @param response the answer, nothing written to it yet
	 * @throws AnswerCutShortException when reading or writing an element fails (an
	 * unavailable store, the heap) once the answer has begun: it can no longer say so; a
	 * failure before that is thrown as it is, and is answered as any other
	 * @throws IOException when the client went away
	 */
	public void write(Stream<?> elements, Class<?> type, HttpServletResponse response) throws IOException {
		try (elements) {
			Iterator<?> each = elements.iterator();
			// the first element is read before anything is written: what fails that early gets a proper answer
			boolean any = each.hasNext();
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			// closed only when all is written: its close ends the array, which would make a cut answer look whole
			SequenceWriter array = this.json.writerFor(type).writeValuesAsArray(response.getOutputStream());
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
					throw new AnswerCutShortException(ex);
				}
				throw ex;
			}
		}
	}

}
