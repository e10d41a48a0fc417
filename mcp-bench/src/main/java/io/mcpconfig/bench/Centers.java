package io.mcpconfig.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mcpconfig.testsupport.etcd.EtcdCluster;

import org.springframework.util.FileSystemUtils;

/**
 * The centers a benchmark compares, one per store ({@code --stores}), and what they stand
 * on: a temp data directory and, for etcd, a single member started here unless
 * {@code --etcd-endpoints} names a running cluster. Closing stops the centers, then etcd,
 * then deletes the directory.
 */
final class Centers implements AutoCloseable {

	private final Path dataDir;

	private final EtcdCluster etcd;

	private final List<String> etcdEndpoints;

	private final List<Center> centers = new ArrayList<>();

	private Centers(Path dataDir, EtcdCluster etcd, List<String> etcdEndpoints) {
		this.dataDir = dataDir;
		this.etcd = etcd;
		this.etcdEndpoints = etcdEndpoints;
	}

	/**
	 * Starts a center per store that {@code --stores} names; by default the file store,
	 * and etcd too when an {@code etcd} binary is on the PATH or {@code --etcd-endpoints} is given.
	 * @param etcdPrefix the etcd center's key prefix
	 */
	static Centers start(Options options, String etcdPrefix) throws Exception {
		List<String> given = options.has("etcd-endpoints") ? List.of(options.get("etcd-endpoints").split(","))
				: List.of();
		List<Store> stores = stores(options.get("stores"), !given.isEmpty());
		EtcdCluster etcd = (stores.contains(Store.ETCD) && given.isEmpty()) ? EtcdCluster.singleMember() : null;
		Centers started = new Centers(Files.createTempDirectory("mcp-bench"), etcd, given);
		try {
			if (etcd != null) {
				etcd.start();
			}
			for (Store store : stores) {
				started.centers.add(switch (store) {
					case FILE -> Center.onFiles(started.dataDir.resolve("releases"));
					case ETCD -> Center.onEtcd(started.etcdEndpoints(), etcdPrefix);
				});
			}
			return started;
		}
		catch (Exception | Error ex) {
			started.close();
			throw ex;
		}
	}

	private static List<Store> stores(String option, boolean etcdGiven) {
		if (option != null) {
			return Arrays.stream(option.split(",")).map(Store::of).distinct().toList();
		}
		if (etcdGiven || EtcdCluster.isInstalled()) {
			return List.of(Store.FILE, Store.ETCD);
		}
		System.out.println("Note: no etcd on the PATH and no --etcd-endpoints: measuring the file store only");
		return List.of(Store.FILE);
	}

	private List<String> etcdEndpoints() {
		return (this.etcd != null) ? this.etcd.clientEndpoints() : this.etcdEndpoints;
	}

	/** The centers, in the order of {@code --stores}. */
	List<Center> all() {
		return List.copyOf(this.centers);
	}

	/** A directory of the run's own, deleted at close. */
	Path dataDir() {
		return this.dataDir;
	}

	/** Which etcd the etcd center used, for the report; {@code null} when none was measured. */
	String etcdNote() {
		if (this.centers.stream().noneMatch((center) -> center.store() == Store.ETCD)) {
			return null;
		}
		String endpoints = String.join(",", etcdEndpoints());
		return (this.etcd != null) ? "etcd: one member started here at " + endpoints : "etcd: " + endpoints;
	}

	@Override
	public void close() throws Exception {
		try {
			this.centers.forEach(Center::close);
		}
		finally {
			try {
				if (this.etcd != null) {
					this.etcd.close();
				}
			}
			finally {
				FileSystemUtils.deleteRecursively(this.dataDir);
			}
		}
	}

}
