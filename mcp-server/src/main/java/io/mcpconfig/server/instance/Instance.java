package io.mcpconfig.server.instance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mcpconfig.server.release.Target;

/**
 * A connected client instance as the registry shows it. Immutable: every change is a new
 * record.
 *
 * @param instanceId the client's id, stable for the life of its process
 * @param host the client's host as it reported it
 * @param app the target's app
 * @param env the target's env
 * @param labels the client's labels (overlay and gray selectors match them)
 * @param profiles the client's active profiles (profile documents match them)
 * @param clientVersion the client library's version
 * @param serverId the server replica that holds the instance's session
 * @param status whether the last update was acknowledged, rejected or is in flight
 * @param ackedVersion the version the instance last acknowledged (or held when it
 * subscribed), 0 for none
 * @param nackedVersion the version the instance last rejected, 0 for none
 * @param nackReason why it rejected {@code nackedVersion}, empty for none
 * @param lastHeartbeat when the instance was last heard from
 * @param connectedSince when its session subscribed
 * @param address the address the center sees the session's connection come from
 * @param token the name of the token the session was opened with, {@code null} when
 * security is off
 * @param running the checksum of what it holds at {@code ackedVersion}, whether that is
 * a gray release's and which overlays it has
 */
public record Instance(String instanceId, String host, String app, String env, Map<String, String> labels,
		List<String> profiles, String clientVersion, String serverId, Status status, long ackedVersion, long nackedVersion,
		String nackReason, Instant lastHeartbeat, Instant connectedSince, String address, String token,
		Running running) {

	public Instance {
		Objects.requireNonNull(instanceId, "instanceId");
		Objects.requireNonNull(status, "status");
		labels = Map.copyOf(labels);
		profiles = (profiles != null) ? List.copyOf(profiles) : List.of();
		nackReason = (nackReason != null) ? nackReason : "";
		running = (running != null) ? running : Running.holding("");
	}

	/** Where an instance stands with the updates pushed to it. */
	public enum Status {

		/** An update was pushed and neither acknowledged nor rejected yet. */
		PENDING,

		/** The instance applied the newest update it was sent (or needed none). */
		ACKED,

		/** The instance rejected the newest update it was sent; see the reason. */
		NACKED

	}

	public Target target() {
		return new Target(app, env);
	}

	/**
	 * Whether another record's session comes from where this one's does (the same address
	 * with the same token): the same instance reconnecting, maybe through another replica.
	 */
	public boolean sameOrigin(Instance other) {
		return Objects.equals(address, other.address) && Objects.equals(token, other.token);
	}

	/** Whether both records describe the same session (a reconnect is a new one). */
	public boolean sameSession(Instance other) {
		return instanceId.equals(other.instanceId) && Objects.equals(serverId, other.serverId)
				&& Objects.equals(connectedSince, other.connectedSince);
	}

	/**
	 * Which record the registry keeps when a session writes {@code next} over {@code held}:
	 * a lingering older session of a reconnected instance never overwrites the newer one.
	 */
	public static Instance newer(Instance held, Instance next) {
		return (held.sameSession(next) || !next.connectedSince().isBefore(held.connectedSince())) ? next : held;
	}

	public Instance pending(Instant now) {
		return new Instance(instanceId, host, app, env, labels, profiles, clientVersion, serverId, Status.PENDING, ackedVersion,
				nackedVersion, nackReason, now, connectedSince, address, token, running);
	}

	public Instance acked(long version, Running held, Instant now) {
		return new Instance(instanceId, host, app, env, labels, profiles, clientVersion, serverId, Status.ACKED, version,
				nackedVersion, nackReason, now, connectedSince, address, token, held);
	}

	public Instance nacked(long version, String reason, Instant now) {
		return new Instance(instanceId, host, app, env, labels, profiles, clientVersion, serverId, Status.NACKED, ackedVersion,
				version, reason, now, connectedSince, address, token, running);
	}

	public Instance heardFrom(Instant now) {
		return new Instance(instanceId, host, app, env, labels, profiles, clientVersion, serverId, status, ackedVersion,
				nackedVersion, nackReason, now, connectedSince, address, token, running);
	}

	/**
	 * It already holds what it should run now, under the version it holds (a rollback to
	 * it, an overlay or gray change that does not change it): it needs no update, so it is
	 * {@link Status#ACKED} again, also after it refused the release before; that refusal
	 * stays on record.
	 */
	public Instance holding(Running held) {
		return new Instance(instanceId, host, app, env, labels, profiles, clientVersion, serverId, Status.ACKED,
				ackedVersion, nackedVersion, nackReason, lastHeartbeat, connectedSince, address, token, held);
	}

}
