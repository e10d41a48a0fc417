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
 */
@ConfigurationProperties("mcp.server")
public record McpServerProperties(@DefaultValue("file") StoreType store, @DefaultValue("100") int maxHistory,
		@DefaultValue File file, @DefaultValue Etcd etcd, @DefaultValue("1048576") long maxBodySize) {

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
	 * @param leaseTtl time to live of the leases behind registered instances
	 */
	public record Etcd(@DefaultValue("http://127.0.0.1:2379") List<String> endpoints, @DefaultValue("/mcp/") String prefix,
			@DefaultValue("5s") Duration timeout, @DefaultValue("15s") Duration leaseTtl) {
	}

}
