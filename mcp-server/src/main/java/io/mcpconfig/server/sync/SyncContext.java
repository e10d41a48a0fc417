package io.mcpconfig.server.sync;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.security.SyncAccess;

/** What every session works with; one per server. */
record SyncContext(EffectiveConfigResolver resolver, SessionRegistry sessions, InstanceRegistry instances,
		SyncWorkers workers, ServerId serverId, McpServerProperties.Sync settings,
		VersionRegressionWarnings regressions, SyncAccess access, UpdateTemplates updates,
		GrayNackListener grayNacks, SyncMetrics metrics, SessionQuotas quotas) {
}
