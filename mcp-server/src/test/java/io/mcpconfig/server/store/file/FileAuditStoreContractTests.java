package io.mcpconfig.server.store.file;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.AuditStore;
import io.mcpconfig.server.audit.AuditStoreContract;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import org.junit.jupiter.api.io.TempDir;

/** The file store's audit log passes the audit store contract on a real directory. */
class FileAuditStoreContractTests extends AuditStoreContract {

	@TempDir
	Path root;

	private FileReleaseStore releases;

	private FileAuditStore audit;

	@Override
	protected AuditStore createStore(AuditRetention retention) throws Exception {
		this.releases = new FileReleaseStore(Files.createTempDirectory(this.root, "data"), 10,
				ReleaseSizeLimits.DEFAULT);
		this.audit = new FileAuditStore(this.releases, new FileTokenStore(this.releases), retention);
		return this.audit;
	}

	@Override
	protected void closeStore() {
		this.audit.close();
		this.releases.close();
	}

}
