package io.mcpconfig.server.store.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.store.StoredJson;

/**
 * How values are written into etcd: JSON as {@link StoredJson} says (times as ISO-8601
 * text, unknown fields ignored on reading so that a newer replica may add some, no length
 * limits on reading).
 */
final class EtcdJson {

	static final ObjectMapper MAPPER = StoredJson.mapper().build();

	private EtcdJson() {
	}

}
