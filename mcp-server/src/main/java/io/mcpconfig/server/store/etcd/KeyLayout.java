package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;

import io.etcd.jetcd.ByteSequence;
import io.mcpconfig.server.release.Target;

/**
 * Where things live in etcd, under one prefix:
 * <ul>
 * <li>{@code {prefix}releases/{app}/{env}/{version:020d}}: one release as JSON, never
 * changed; zero-padded so that key order is version order</li>
 * <li>{@code {prefix}current/{app}/{env}}: the current version as a decimal number, the
 * key every publish compares and swaps</li>
 * <li>{@code {prefix}tokens/{name}}: a token as JSON, its secret hashed;</li>
 * <li>{@code {prefix}audit/{id}/{app}/{env}}, or {@code {prefix}audit/{id}} for a token
 * change: one audit entry as JSON; the id starts with the time, so key order is time
 * order, and the target in the key lets a page be picked from the keys alone</li>
 * <li>{@code {prefix}instances/{app}/{env}/{instanceId}}: a connected instance as JSON,
 * under the lease of the replica that holds its session</li>
 * </ul>
 * App and env names cannot contain {@code /}, so a target's keys never overlap another's.
 *
 * @param prefix ends with {@code /}
 */
record KeyLayout(String prefix) {

	KeyLayout {
		if (prefix == null || prefix.isBlank()) {
			throw new IllegalArgumentException("mcp.server.etcd.prefix must not be empty");
		}
		prefix = prefix.endsWith("/") ? prefix : prefix + "/";
	}

	/** Parent of every target's releases: the key range the release watch covers. */
	ByteSequence releasesRoot() {
		return bytes(this.prefix + "releases/");
	}

	/** Parent of every target's current pointer. */
	ByteSequence currentRoot() {
		return bytes(this.prefix + "current/");
	}

	ByteSequence releases(Target target) {
		return bytes(this.prefix + "releases/" + target.app() + "/" + target.env() + "/");
	}

	ByteSequence release(Target target, long version) {
		return bytes(this.prefix + "releases/" + target.app() + "/" + target.env() + "/" + "%020d".formatted(version));
	}

	ByteSequence current(Target target) {
		return bytes(this.prefix + "current/" + target.app() + "/" + target.env());
	}

	/** The target whose current pointer {@code key} is. */
	Target targetOfCurrent(ByteSequence key) {
		String path = key.toString(StandardCharsets.UTF_8).substring(this.prefix.length() + "current/".length());
		int slash = path.indexOf('/');
		if (slash < 0) {
			throw new IllegalStateException("not a current-version key: " + key.toString(StandardCharsets.UTF_8));
		}
		return new Target(path.substring(0, slash), path.substring(slash + 1));
	}

	/** Parent of the instances of a target. */
	ByteSequence instances(Target target) {
		return bytes(this.prefix + "instances/" + target.app() + "/" + target.env() + "/");
	}

	ByteSequence instance(Target target, String instanceId) {
		return bytes(this.prefix + "instances/" + target.app() + "/" + target.env() + "/" + instanceId);
	}

	/** Parent of the tokens. */
	ByteSequence tokens() {
		return bytes(this.prefix + "tokens/");
	}

	ByteSequence token(String name) {
		return bytes(this.prefix + "tokens/" + name);
	}

	/** Parent of the audit entries. */
	ByteSequence auditRoot() {
		return bytes(this.prefix + "audit/");
	}

	ByteSequence audit(String id, Target target) {
		return bytes(this.prefix + "audit/" + id + ((target != null) ? "/" + target.app() + "/" + target.env() : ""));
	}

	/**
	 * What the key of an audit entry tells of it.
	 * @param key the key
	 * @return the entry's id and target
	 * @throws IllegalStateException if it is not an audit key
	 */
	AuditKey auditKey(ByteSequence key) {
		String path = key.toString(StandardCharsets.UTF_8).substring(this.prefix.length() + "audit/".length());
		String[] parts = path.split("/", -1);
		if (parts.length != 1 && parts.length != 3) {
			throw new IllegalStateException("not an audit key: " + key.toString(StandardCharsets.UTF_8));
		}
		return new AuditKey(key, parts[0], (parts.length == 3) ? new Target(parts[1], parts[2]) : null);
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	/**
	 * An audit entry known by its key alone.
	 *
	 * @param key the key
	 * @param id the entry's id
	 * @param target the entry's target, {@code null} for a token change
	 */
	record AuditKey(ByteSequence key, String id, Target target) {
	}

}
