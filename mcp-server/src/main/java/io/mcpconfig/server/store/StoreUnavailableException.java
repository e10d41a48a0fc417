package io.mcpconfig.server.store;

/**
 * The store cannot be reached or cannot commit (etcd down or without a leader, disk
 * full). Nothing was written; the admin API answers 503.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
