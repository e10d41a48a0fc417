package io.mcpconfig.server.admin;

import io.mcpconfig.server.audit.KeyChanges;

/**
 * What a publish would change, answered by a dry run ({@code ?dryRun=true}); nothing is
 * stored. Values are shown as the audit log shows them (secrets masked).
 *
 * @param app the application
 * @param env the environment
 * @param baseVersion the current version the changes are against, none for a first release
 * @param changes the keys the publish would add, modify and remove
 * @param unchanged whether the current release holds this very configuration (its
 * documents in the same order), so a publish would change nothing an instance sees
 */
public record PublishPreview(String app, String env, Long baseVersion, KeyChanges changes, boolean unchanged) {
}
