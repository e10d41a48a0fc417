package io.mcpconfig.client.refresh;

/**
 * The stages of applying one pushed release, in the order the client completes them;
 * {@link ApplyTimings} holds when each was reached.
 */
public enum ApplyStage {

	/** The update arrived on the client's stream (decoded, not yet handled). */
	RECEIVED,

	/** The new properties were built and match the update's checksum. */
	VERIFIED,

	/** Every concerned {@code @ConfigurationProperties} bean binds them and no validator vetoed them. */
	CHECKED,

	/** The property source serves them. */
	SWAPPED,

	/** The {@code ConfigChangeEvent} listeners returned. */
	EVENT_PUBLISHED,

	/** The concerned {@code @ConfigurationProperties} beans were rebound and {@code EnvironmentChangeEvent} published. */
	REBOUND,

	/** The {@code @RefreshScope} beans were refreshed: the next call to one sees the new values. */
	REFRESH_SCOPE_REFRESHED,

	/** The local snapshot holds the release (or writing it failed and was logged). */
	SNAPSHOT_WRITTEN,

	/** The ACK was handed to the stream. */
	ACK_SENT

}
