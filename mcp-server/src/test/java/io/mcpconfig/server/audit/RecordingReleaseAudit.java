package io.mcpconfig.server.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.mcpconfig.server.release.Release;

/**
 * A {@link ReleaseAudit} for the stores' tests: makes {@link TestEntries#publish} entries and
 * remembers what the store gave and told it.
 */
public final class RecordingReleaseAudit implements ReleaseAudit {

	private final List<Release> replaced = new CopyOnWriteArrayList<>();

	private final List<AuditEntry> made = new CopyOnWriteArrayList<>();

	private final List<AuditEntry> stored = new CopyOnWriteArrayList<>();

	private final Consumer<AuditEntry> onStored;

	/** @param onStored what {@link #stored} does besides remembering the entry */
	public RecordingReleaseAudit(Consumer<AuditEntry> onStored) {
		this.onStored = onStored;
	}

	/** One whose {@link #stored} only remembers: the entry reaches no log, as when a crash came first. */
	public RecordingReleaseAudit() {
		this((entry) -> {
		});
	}

	@Override
	public AuditEntry entryFor(Release replaced, Release release) {
		if (replaced != null) {
			this.replaced.add(replaced);
		}
		AuditEntry entry = TestEntries.publish(release.target(), release.version(), release.publishedAt());
		this.made.add(entry);
		return entry;
	}

	@Override
	public void stored(AuditEntry entry) {
		this.stored.add(entry);
		this.onStored.accept(entry);
	}

	/** The releases the entries were made against, oldest call first; none for a first release. */
	public List<Release> replaced() {
		return List.copyOf(this.replaced);
	}

	/** Every entry made, also of tries the store gave up. */
	public List<AuditEntry> made() {
		return List.copyOf(this.made);
	}

	/** The entries the store said it stored. */
	public List<AuditEntry> stored() {
		return List.copyOf(this.stored);
	}

}
