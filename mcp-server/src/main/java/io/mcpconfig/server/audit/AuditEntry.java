package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcpconfig.server.release.Target;

/**
 * One change the audit log records, as it is stored and as {@code GET /api/v1/audit}
 * shows it. Fields that do not apply to the action are left out.
 *
 * @param id unique, and sorting as {@code at} does ({@link #newId(Instant)})
 * @param at when the change was made: a release's publish time, a token change's time
 * @param action what was done
 * @param who the token that did it
 * @param from where the request came from
 * @param app the target's app; none for a token change
 * @param env the target's env; none for a token change
 * @param version the release the change made
 * @param baseVersion the release {@code changes} compare against (0: none, a first
 * release)
 * @param comment the release's comment
 * @param changes the keys that changed, values of secret-looking keys masked
 * @param token the token a token change concerns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String id, Instant at, AuditAction action, Actor who, Origin from, String app, String env,
		Long version, Long baseVersion, String comment, KeyChanges changes, TokenChange token) {

	/**
	 * An id that sorts by time: the epoch milliseconds zero-padded to 19 digits, then 12
	 * random hex digits, so entries of the same millisecond, on any replica, still differ.
	 * @param at when the change was made
	 * @return the id
	 */
	public static String newId(Instant at) {
		byte[] random = new byte[6];
		ThreadLocalRandom.current().nextBytes(random);
		return idFloor(at) + HexFormat.of().formatHex(random);
	}

	/**
	 * What every id of a millisecond starts with: it sorts before each of them and after
	 * every id of an earlier one.
	 * @param at the millisecond
	 * @return the ids' common start
	 */
	static String idFloor(Instant at) {
		return "%019d-".formatted(at.toEpochMilli());
	}

	/**
	 * The target the entry concerns.
	 * @return the target, {@code null} for a token change
	 */
	@JsonIgnore
	public Target target() {
		return (this.app != null && this.env != null) ? new Target(this.app, this.env) : null;
	}

	/**
	 * Who made a change.
	 *
	 * @param name the token's name ({@code anonymous} with security off)
	 * @param role the token's role in lower case; none with security off
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Actor(String name, String role) {
	}

	/**
	 * Where a request came from.
	 *
	 * @param address the address of the peer that sent it
	 * @param forwardedFor the first hop of its {@code X-Forwarded-For}, only when the peer
	 * is a trusted proxy ({@code mcp.server.audit.trusted-proxies})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Origin(String address, String forwardedFor) {
	}

	/**
	 * The token a token change concerns, never its secret.
	 *
	 * @param name its name
	 * @param role its role in lower case
	 * @param apps the apps it is limited to
	 * @param envs the envs it is limited to
	 */
	public record TokenChange(String name, String role, List<String> apps, List<String> envs) {
	}

}
