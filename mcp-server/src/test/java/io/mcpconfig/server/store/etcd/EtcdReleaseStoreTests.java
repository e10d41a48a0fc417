package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseStoreContract;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The etcd store passes the store contract on a real single-member etcd; each test has a
 * fresh key prefix, and a restart is a new store (new client) on the same prefix.
 */
class EtcdReleaseStoreTests extends ReleaseStoreContract {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private String prefix;

	@Override
	protected ReleaseStore createStore() {
		this.prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		return reopenStore();
	}

	@Override
	protected ReleaseStore reopenStore() {
		return new EtcdReleaseStore(settings(etcd.clientEndpoints(), this.prefix, Duration.ofSeconds(5)), 100);
	}

	static McpServerProperties.Etcd settings(List<String> endpoints, String prefix, Duration timeout) {
		return new McpServerProperties.Etcd(endpoints, prefix, timeout, Duration.ofSeconds(15));
	}

}
