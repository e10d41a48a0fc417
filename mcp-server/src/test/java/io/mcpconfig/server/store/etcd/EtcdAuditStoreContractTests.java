package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.UUID;

import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.AuditStore;
import io.mcpconfig.server.audit.AuditStoreContract;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The etcd store's audit log passes the audit store contract on a real etcd, each store under a fresh prefix. */
class EtcdAuditStoreContractTests extends AuditStoreContract {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private EtcdReleaseStore releases;

	@Override
	protected AuditStore createStore(AuditRetention retention) {
		this.releases = new EtcdReleaseStore(EtcdReleaseStoreTests.settings(etcd.clientEndpoints(),
				"/mcp-test-" + UUID.randomUUID() + "/", Duration.ofSeconds(5)), 100, ReleaseSizeLimits.DEFAULT);
		return new EtcdAuditStore(this.releases, retention);
	}

	@Override
	protected void closeStore() {
		this.releases.close();
	}

}
