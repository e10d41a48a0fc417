package io.mcpconfig.client.event;

/**
 * How a property changed between two configurations.
 */
public enum ChangeType {

	/** The property is new. */
	ADDED,

	/** The property has a new value. */
	MODIFIED,

	/** The property is gone. */
	DELETED

}
