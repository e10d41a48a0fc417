package io.mcpconfig.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the config center, under {@code mcp.server}.
 *
 * @param store which {@link io.mcpconfig.server.store.ReleaseStore} holds the releases
 * @param maxHistory how many releases of each target are retained; older ones are
 * dropped (deltas and rollbacks reach only retained releases)
 * @param file settings of the embedded file store
 * @param etcd settings of the etcd store
 * @param maxBodySize the largest configuration body the admin API accepts, in bytes
 * @param id this server replica's id, shown to clients in heartbeat answers and in the
 * instance registry; defaults to the host name and the gRPC port
 * @param sync settings of the client sessions
 */
@ConfigurationProperties("mcp.server")
public record McpServerProperties(@DefaultValue("file") StoreType store, @DefaultValue("100") int maxHistory,
		@DefaultValue File file, @DefaultValue Etcd etcd, @DefaultValue("1048576") long maxBodySize, String id,
		@DefaultValue Sync sync) {

	public enum StoreType {

		/** The embedded file store: one server, durable on local disk. */
		FILE,

		/** An etcd cluster shared by several server replicas. */
		ETCD

	}

	/**
	 * @param dir the directory that holds the releases; created when missing
	 */
	public record File(@DefaultValue("./mcp-data") Path dir) {
	}

	/**
	 * @param endpoints etcd client URLs ({@code http://host:port})
	 * @param prefix the key prefix under which everything of this center lives
	 * @param timeout deadline of each etcd call
	 * @param leaseTtl time to live of the lease under which each replica registers its
	 * connected instances (whole seconds, 1 s or more): how long the instances of a
	 * replica that died or lost etcd stay listed; the lease is kept alive, and heartbeats
	 * are written, every third of it
	 */
	public record Etcd(@DefaultValue("http://127.0.0.1:2379") List<String> endpoints, @DefaultValue("/mcp/") String prefix,
			@DefaultValue("5s") Duration timeout, @DefaultValue("15s") Duration leaseTtl) {
	}

	/**
	 * @param ackTimeout how long a pushed update waits for its ACK or NACK before it is
	 * sent again (with the same nonce)
	 * @param instanceExpiry how long an instance may stay silent (no heartbeat, ack or
	 * other message) before its session is closed and it leaves the registry; three
	 * client heartbeat intervals (a client that announces a longer interval gets three of
	 * its own)
	 * @param threads threads that run the work of all sessions (pushes, acks,
	 * heartbeats); each session's work runs in order on one of them at a time. As many
	 * threads again read the store for the sessions
	 */
	public record Sync(@DefaultValue("10s") Duration ackTimeout, @DefaultValue("15s") Duration instanceExpiry,
			@DefaultValue("4") int threads) {
	}

}
