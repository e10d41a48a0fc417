package io.mcpconfig.server.audit;

/**
 * How many entries the audit log keeps ({@code mcp.server.audit.max-entries}): readers see
 * the newest {@code maxEntries}; a store drops older ones once it holds a tenth more, so
 * that dropping (a rewrite of the file store's log) happens once per many appends, not
 * on each.
 *
 * @param maxEntries how many entries are kept, 1 or more
 */
public record AuditRetention(int maxEntries) {

	public AuditRetention {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("mcp.server.audit.max-entries must be 1 or more, was " + maxEntries);
		}
	}

	/**
	 * Whether a store holding this many entries should drop the oldest now.
	 * @param held how many entries it holds
	 * @return whether it holds more than a tenth beyond {@code maxEntries}
	 */
	public boolean isDue(long held) {
		return held > this.maxEntries + this.maxEntries / 10;
	}

	/**
	 * How many appends of one replica may pass between two counts of a store whose count
	 * costs a read of every entry's key (etcd): a hundredth of {@code maxEntries}, so ten
	 * replicas appending between their counts add at most another tenth.
	 * @return 1 or more
	 */
	public int appendsPerCount() {
		return Math.max(1, this.maxEntries / 100);
	}

}
