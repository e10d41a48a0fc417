package io.mcpconfig.server.store.etcd;

/** {@code mcp.server.etcd.endpoints} names no etcd member the store can reach: the center does not start. */
public class InvalidEtcdEndpointException extends IllegalArgumentException {

	InvalidEtcdEndpointException(String message, Throwable cause) {
		super(message, cause);
	}

}
