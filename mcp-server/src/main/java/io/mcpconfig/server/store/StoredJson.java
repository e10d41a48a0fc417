package io.mcpconfig.server.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How the stores write and read their JSON: times as ISO-8601 text, unknown fields
 * ignored (a newer server may add some), and no length limits on reading. A store reads
 * only what this center wrote after the admin API checked it against
 * {@code mcp.server.limits}; Jackson's default limits (names of 50 000 characters,
 * strings of 20 000 000) would instead drop an accepted release at the next start, and
 * lowering a limit later must not make what is stored unreadable.
 */
public final class StoredJson {

	private static final StreamReadConstraints UNLIMITED = StreamReadConstraints.builder()
		.maxNameLength(Integer.MAX_VALUE)
		.maxStringLength(Integer.MAX_VALUE)
		.maxDocumentLength(-1)
		.build();

	private StoredJson() {
	}

	/** A mapper builder with these settings, for a store to add its own. */
	public static JsonMapper.Builder mapper() {
		return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(UNLIMITED).build())
			.addModule(new JavaTimeModule())
			.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

}
