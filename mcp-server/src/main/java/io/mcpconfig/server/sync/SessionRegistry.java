package io.mcpconfig.server.sync;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.net.ssl.SSLSession;

import io.grpc.Status;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseStore;
import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The live sessions of this server, by target, and the fan-out of new releases to them.
 * A publish reads the concurrent set of its target's sessions and offers the release to
 * each; offering never blocks, so the publisher and the other sessions never wait for
 * a slow client. Starts watching the store before the gRPC server accepts calls and
 * closes every session when the gRPC server shuts down.
 */
@Component
public class SessionRegistry implements ReleaseListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SessionRegistry.class);

	private final ReleaseStore store;

	private final ServerId serverId;

	private final Set<SyncSession> live = ConcurrentHashMap.newKeySet();

	private final ConcurrentHashMap<Target, Set<SyncSession>> subscribed = new ConcurrentHashMap<>();

	/** Which live session holds each instance id of a target: another connection cannot take it over. */
	private final ConcurrentHashMap<InstanceKey, SyncSession> holders = new ConcurrentHashMap<>();

	private volatile AutoCloseable watch;

	/** Why a session's TLS connection is refused ({@link #checkConnectionsWith}); none without TLS. */
	private volatile Function<SSLSession, Optional<String>> connectionCheck = (tls) -> Optional.empty();

	public SessionRegistry(ReleaseStore store, ServerId serverId) {
		this.store = store;
		this.serverId = serverId;
	}

	void opened(SyncSession session) {
		live.add(session);
		// after joining live: a check that began before it joined is answered here, a later one sweeps it
		refusalOf(session).ifPresent((reason) -> session.shutdown(Status.UNAUTHENTICATED.withDescription(reason)));
	}

	/** Called before the session reads the current release, so no publish falls between. */
	void subscribe(SyncSession session, Target target) {
		subscribed.compute(target, (key, sessions) -> {
			Set<SyncSession> set = (sessions != null) ? sessions : ConcurrentHashMap.newKeySet();
			set.add(session);
			return set;
		});
	}

	/**
	 * Claims an instance id of a target for a session. The same instance reconnecting (same
	 * host, same token) takes the place of its lingering session at once; anyone else is
	 * refused while that session lives, so no connection can take over or hide another's
	 * entry by reusing its id.
	 * @return the session replaced, to be closed; {@code null} for none
	 * @throws io.grpc.StatusRuntimeException {@code ALREADY_EXISTS} when another origin's
	 * live session holds the id
	 */
	SyncSession claim(SyncSession session, Target target, String instanceId) {
		SyncSession[] replaced = new SyncSession[1];
		SyncSession holder = holders.compute(new InstanceKey(target, instanceId), (key, current) -> {
			if (current == null || current == session) {
				return session;
			}
			if (current.sameOrigin(session)) {
				replaced[0] = current;
				return session;
			}
			return current;
		});
		if (holder != session) {
			throw Status.ALREADY_EXISTS
				.withDescription("instance id '" + instanceId + "' of " + target + " is held by a live session from "
						+ "another host or token; give each instance its own mcp.client.instance-id (an instance "
						+ "that reconnects from its host with its token takes its old session's place)")
				.asRuntimeException();
		}
		return replaced[0];
	}

	void closed(SyncSession session, Target target) {
		live.remove(session);
		String instanceId = session.claimedInstanceId();
		if (target != null && instanceId != null) {
			holders.remove(new InstanceKey(target, instanceId), session);
		}
		if (target != null) {
			subscribed.computeIfPresent(target, (key, sessions) -> {
				sessions.remove(session);
				return sessions.isEmpty() ? null : sessions;
			});
		}
	}

	/** How many sessions are subscribed to the target. */
	public int sessionCount(Target target) {
		Set<SyncSession> sessions = subscribed.get(target);
		return (sessions != null) ? sessions.size() : 0;
	}

	/** How many sync streams are open on this center. */
	int liveCount() {
		return live.size();
	}

	@Override
	public void onRelease(Release release) {
		offer(release, false);
	}

	/** Offered as restored: sessions take it even when it is not newer than what they resolved. */
	@Override
	public void onRestored(Release current) {
		offer(current, true);
	}

	private void offer(Release release, boolean restored) {
		Set<SyncSession> sessions = subscribed.get(release.target());
		if (sessions != null) {
			SyncSession.Offer offer = new SyncSession.Offer(release, System.nanoTime(), restored);
			for (SyncSession session : sessions) {
				session.offer(offer);
			}
		}
	}

	/**
	 * Ends the sessions opened with tokens that are no longer valid.
	 * @param tokenNames the names of the revoked tokens
	 */
	public void closeSessionsOf(Set<String> tokenNames) {
		for (SyncSession session : live) {
			if (session.caller() != null && tokenNames.contains(session.caller().name())) {
				session.shutdown(Status.UNAUTHENTICATED
					.withDescription("token '" + session.caller().name() + "' was revoked"));
			}
		}
	}

	/**
	 * Checks the TLS connection of every session: those it refuses (a renewed trust store
	 * without their client certificate's CA) end, from {@link #closeSessionsRefused} on for
	 * the open ones, and at once for the ones opened later.
	 * @param check why a connection is refused now; empty while it is accepted
	 */
	public void checkConnectionsWith(Function<SSLSession, Optional<String>> check) {
		this.connectionCheck = check;
	}

	/**
	 * Ends the sessions whose TLS connection the check no longer accepts: their handshakes
	 * were made against the previous trust store.
	 * @return how many sessions it ended
	 */
	public int closeSessionsRefused() {
		int ended = 0;
		for (SyncSession session : live) {
			Optional<String> reason = refusalOf(session);
			if (reason.isPresent()) {
				session.shutdown(Status.UNAUTHENTICATED.withDescription(reason.get()));
				ended++;
			}
		}
		return ended;
	}

	private Optional<String> refusalOf(SyncSession session) {
		return (session.tls() != null) ? this.connectionCheck.apply(session.tls()) : Optional.empty();
	}

	private record InstanceKey(Target target, String instanceId) {
	}

	/** Close every session before the gRPC server waits for its calls to end. */
	@EventListener
	public void onGrpcServerShutdown(GrpcServerShutdownEvent event) {
		closeAll();
	}

	private void closeAll() {
		if (!live.isEmpty()) {
			logger.info("Closing " + live.size() + " client sessions");
		}
		for (SyncSession session : live) {
			session.shutdown(Status.UNAVAILABLE.withDescription("the server " + serverId + " is shutting down"));
		}
	}

	@Override
	public void start() {
		watch = store.watch(this);
		logger.info("Serving client sessions as server " + serverId);
	}

	@Override
	public void stop() {
		closeAll();
		AutoCloseable registration = watch;
		watch = null;
		if (registration != null) {
			try {
				registration.close();
			}
			catch (Exception ex) {
				logger.debug("Cannot close the store watch: " + ex.toString());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return watch != null;
	}

	/** Before the gRPC server (which starts last) so no session can miss a release. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

}
