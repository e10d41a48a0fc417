package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.mcpconfig.server.audit.KeyChanges.KeyChange;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;

/**
 * Which entries one caller gets: those its token may read, narrowed to what it asks for.
 * A target's entries need {@link Permission#READ} on the target, so a scoped reader sees
 * its own apps and envs only; a token change concerns no target and needs
 * {@link Permission#ADMINISTER}, as managing tokens does.
 * <p>
 * The target and the time are known from where a store keeps an entry (a line's index, a
 * key), so they narrow a list before any entry is read ({@link #admits(Target, String)});
 * the action, the token and the key are in the entry itself ({@link #admitsEntry}).
 *
 * @param app only entries of this app, {@code null} for any
 * @param env only entries of this env, {@code null} for any
 * @param actions only entries of these actions, empty for any
 * @param who only changes made by the token of this name, {@code null} for any
 * @param key only changes that list this key among their changed keys, in the plain
 * properties or a profile document, {@code null} for any
 * @param since only entries of this instant or later, {@code null} for any
 * @param until only entries before this instant, {@code null} for any
 * @param viewer the caller's token, {@code null} when security is off (everything is open)
 */
public record AuditFilter(String app, String env, Set<AuditAction> actions, String who, String key, Instant since,
		Instant until, ApiToken viewer) {

	public AuditFilter {
		actions = Set.copyOf(actions);
	}

	/**
	 * Entries of an app and an env, whatever their action, author, keys and time.
	 * @param app only entries of this app, {@code null} for any
	 * @param env only entries of this env, {@code null} for any
	 * @param viewer the caller's token, {@code null} when security is off
	 */
	public AuditFilter(String app, String env, ApiToken viewer) {
		this(app, env, Set.of(), null, null, null, null, viewer);
	}

	/**
	 * Whether an entry passes on what a store knows without reading it.
	 * @param target the entry's target, {@code null} for a token change
	 * @param id the entry's id ({@link AuditEntry#newId}), which starts with its time
	 * @return whether it may pass; {@link #admitsEntry} decides when
	 * {@link #readsEntries()}
	 */
	public boolean admits(Target target, String id) {
		return admits(target) && (this.since == null || id.compareTo(AuditEntry.idFloor(this.since)) >= 0)
				&& (this.until == null || id.compareTo(AuditEntry.idFloor(this.until)) < 0);
	}

	private boolean admits(Target target) {
		if (target == null) {
			return this.app == null && this.env == null
					&& (this.viewer == null || this.viewer.permits(Permission.ADMINISTER));
		}
		return (this.app == null || this.app.equals(target.app()))
				&& (this.env == null || this.env.equals(target.env()))
				&& (this.viewer == null || this.viewer.permits(Permission.READ, target));
	}

	/**
	 * Whether passing needs the entry itself: its action, its author or its keys.
	 * @return whether a store must read the entries that {@link #admits(Target, String)}
	 */
	public boolean readsEntries() {
		return !this.actions.isEmpty() || this.who != null || this.key != null;
	}

	/**
	 * Whether an entry that {@link #admits(Target, String)} passes on what it holds.
	 * @param entry the entry
	 * @return whether the caller gets it
	 */
	public boolean admitsEntry(AuditEntry entry) {
		return (this.actions.isEmpty() || this.actions.contains(entry.action()))
				&& (this.who == null || (entry.who() != null && this.who.equals(entry.who().name())))
				&& (this.key == null || changes(entry.changes(), this.key));
	}

	private static boolean changes(KeyChanges changes, String key) {
		return changes != null && Stream.of(changes.added(), changes.modified(), changes.removed())
			.flatMap(List::stream)
			.map(KeyChange::key)
			// a profile document's key is listed as "pool.size [on-profile: eu]"
			.anyMatch((listed) -> listed.equals(key) || listed.startsWith(key + " [on-profile: "));
	}

}
