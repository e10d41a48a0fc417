package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mcpconfig.server.release.Target;

/** Audit entries for the tests of the stores, as the admin API would record them. */
public final class TestEntries {

	private TestEntries() {
	}

	/** A publish of version {@code version} of a target that set {@code n} to the version. */
	public static AuditEntry publish(Target target, long version, Instant at) {
		return new AuditEntry(AuditEntry.newId(at), at, AuditAction.PUBLISH, new AuditEntry.Actor("ci", "publisher"),
				new AuditEntry.Origin("10.0.0.5", null), target.app(), target.env(), version, version - 1, "",
				KeyChanges.between(Map.of("n", String.valueOf(version - 1)), Map.of("n", String.valueOf(version))),
				null);
	}

	/** A change of a target by the token {@code who} that set {@code key} to the version. */
	public static AuditEntry change(AuditAction action, Target target, long version, String who, String key,
			Instant at) {
		return new AuditEntry(AuditEntry.newId(at), at, action, new AuditEntry.Actor(who, "publisher"),
				new AuditEntry.Origin("10.0.0.5", null), target.app(), target.env(), version, version - 1, "",
				KeyChanges.between(Map.of(), Map.of(key, String.valueOf(version))), null);
	}

	/** A token created. */
	public static AuditEntry tokenCreate(String name, Instant at) {
		return tokenChange(AuditAction.TOKEN_CREATE, name, at);
	}

	/** A token created or revoked. */
	public static AuditEntry tokenChange(AuditAction action, String name, Instant at) {
		return new AuditEntry(AuditEntry.newId(at), at, action,
				new AuditEntry.Actor("admin", "admin"), new AuditEntry.Origin("10.0.0.6", null), null, null, null, null, null, null,
				new AuditEntry.TokenChange(name, "reader", List.of("orders"), List.of("dev")));
	}

	/** Every entry, the admin's view. */
	public static AuditFilter everything() {
		return new AuditFilter(null, null, null);
	}

}
