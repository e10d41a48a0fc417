package io.mcpconfig.client.snapshot;

import java.time.Instant;

import io.mcpconfig.client.config.HeldConfig;

/**
 * A configuration read back from the local snapshot file.
 *
 * @param config the configuration, with source {@code SNAPSHOT}
 * @param savedAt when the client wrote it
 */
public record Snapshot(HeldConfig config, Instant savedAt) {

}
