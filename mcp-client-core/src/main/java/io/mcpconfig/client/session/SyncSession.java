package io.mcpconfig.client.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.StartedWhenReady;
import io.mcpconfig.client.channel.CallFailure;
import io.mcpconfig.client.channel.CallPeer;
import io.mcpconfig.client.channel.RetryHint;
import io.mcpconfig.client.channel.ServerRotation;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.refresh.ApplyStage;
import io.mcpconfig.client.refresh.ApplyTimings;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.snapshot.RefusalFile;
import io.mcpconfig.client.validation.ConfigRejectedException;
import io.mcpconfig.protocol.ReconnectBackoff;
import io.mcpconfig.protocol.StreamSilence;
import io.mcpconfig.protocol.UnconfirmedAnswers;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;

/**
 * The sync session: one bidirectional {@code Sync} stream through which the config
 * center pushes every release to this instance.
 * <p>
 * It starts when the application is ready (Spring Cloud ignores refresh events before
 * that) and subscribes with the release the instance holds ({@link HeldRelease}: none for
 * a fallback or empty configuration), so a release published during start-up is delivered
 * then. Each update is planned by {@link UpdatePlan}, applied by the {@link ConfigApplier}
 * and answered with an ACK or a NACK; a release the application refuses is NACKed with
 * {@code APPLY_FAILED}, and a full release that does not hash to its checksum with
 * {@code CHECKSUM_MISMATCH}, and remembered ({@link RefusedRelease}), so that it is refused
 * again without being applied. Heartbeats carry what the instance holds; a heartbeat answer
 * that twice in a row names another configuration, other than the refused one, means drift,
 * repaired by subscribing again; an answer that names the release read from the local
 * snapshot confirms it as the center's; two answers in a row that the center has no
 * release replace a fallback configuration with the center's empty one. A broken or
 * silent stream is re-opened after the {@link ReconnectBackoff}'s delay; one that a center
 * refused before answering it ({@code UNAVAILABLE}: a replica cut off from its store) is
 * re-opened to the next center, another address of the same name or the next one
 * configured ({@link McpConfigClient#failOver}). What happens is
 * told to the {@link SyncObserver}s (health, metrics).
 * <p>
 * Everything happens on one daemon thread named {@value #THREAD_NAME_PREFIX}N: messages
 * are handled, and sent, in order, without locks. Stopping cancels the stream and ends
 * the thread; the channel belongs to the {@link McpConfigClient}.
 */
public class SyncSession extends StartedWhenReady {

	/** Prefix of the session thread's name. */
	public static final String THREAD_NAME_PREFIX = "mcp-sync-";

	private static final Log logger = LogFactory.getLog(SyncSession.class);

	private static final int DRIFT_CONFIRMATIONS = 2;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final McpConfigClient client;

	private final ConfigApplier applier;

	private final Duration heartbeatInterval;

	private final ReconnectBackoff reconnect;

	/** How long a refused instance waits between attempts: the longest back-off. */
	private final Duration refusedRetry;

	private final List<SyncObserver> observers;

	private final Object lifecycleMonitor = new Object();

	private volatile ScheduledThreadPoolExecutor executor;

	// Confined to the session thread.
	private Stream stream;

	// Heartbeats sent since the center was last heard: counted, not timed, so a pause of
	// the whole process (GC, a starved CPU) is not taken for a silent center.
	private final StreamSilence silence = new StreamSilence();

	private final UnconfirmedAnswers unconfirmed = new UnconfirmedAnswers();

	private int driftCount;

	// Answers in a row on this stream that the center has no release while the instance
	// holds its fallback: the first may predate a release published during the subscribe.
	private int noReleaseAnswers;

	private RefusedRelease refused;

	private boolean everOpened;

	// The reasons centers gave for refusing this instance since it was last let in, each
	// said once at WARN: the same refusals every max-backoff (from each of several centers
	// in turn) would only bury the log.
	private final Set<String> refusalsSaid = new HashSet<>();

	// The application refused to give up its fallback for the center's empty configuration:
	// not asked again on every heartbeat.
	private boolean fallbackKept;

	/**
	 * Creates a session, started later by {@link #start()} or the application's readiness.
	 * @param client the client whose configuration the session keeps current
	 * @param applier applies pushed releases
	 * @param observers told what the session does, in this order
	 */
	public SyncSession(McpConfigClient client, ConfigApplier applier, List<SyncObserver> observers) {
		McpClientProperties properties = client.properties();
		if (properties.getHeartbeatInterval().isNegative() || properties.getHeartbeatInterval().isZero()) {
			throw new IllegalArgumentException(
					"mcp.client.heartbeat-interval must be positive, not " + properties.getHeartbeatInterval());
		}
		this.client = client;
		this.applier = applier;
		this.heartbeatInterval = properties.getHeartbeatInterval();
		this.reconnect = new ReconnectBackoff(properties.getReconnect().getInitialBackoff(),
				properties.getReconnect().getMaxBackoff());
		this.refusedRetry = properties.getReconnect().getMaxBackoff();
		this.observers = List.copyOf(observers);
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.executor != null) {
				return;
			}
			CustomizableThreadFactory threads = new CustomizableThreadFactory(THREAD_NAME_PREFIX);
			threads.setDaemon(true);
			ScheduledThreadPoolExecutor started = new ScheduledThreadPoolExecutor(1, threads);
			started.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			started.setRemoveOnCancelPolicy(true);
			this.executor = started;
			started.execute(guarded(() -> {
				// a session started again says a refusal again
				this.refusalsSaid.clear();
				open();
			}));
			long interval = this.heartbeatInterval.toMillis();
			// Guarded: an exception would silently cancel a periodic task.
			started.scheduleWithFixedDelay(guarded(this::onHeartbeatTick), interval, interval, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void stop() {
		ScheduledThreadPoolExecutor stopping;
		synchronized (this.lifecycleMonitor) {
			stopping = this.executor;
			this.executor = null;
		}
		if (stopping == null) {
			return;
		}
		stopping.execute(() -> closeStream("the application is stopping"));
		stopping.shutdown();
		try {
			if (!stopping.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The MCP Config sync session did not stop within " + STOP_TIMEOUT + "; interrupting it");
				stopping.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			stopping.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private void open() {
		if (this.executor == null) {
			return;
		}
		HeldRelease held = HeldRelease.of(this.client.held());
		Stream opened = new Stream();
		this.stream = opened;
		this.silence.opened();
		this.unconfirmed.reset();
		this.driftCount = 0;
		this.noReleaseAnswers = 0;
		opened.requests = (ClientCallStreamObserver<ClientMessage>) ConfigServiceGrpc.newStub(this.client.channel())
			.withInterceptors(opened.peer)
			.sync(opened);
		opened.send(ClientMessage.newBuilder()
			.setSubscribe(Subscribe.newBuilder()
				.setTarget(this.client.wireTarget())
				.setInstance(this.client.instanceInfo())
				.setHeldVersion(held.version())
				.setHeldChecksum(held.checksum())
				.setHeartbeatIntervalMillis(this.heartbeatInterval.toMillis()))
			.build());
		// Answered as soon as the center has read the target: the first sign that it serves
		// this stream, and what it holds, without waiting a whole interval. Not counted
		// towards a silent center: the read may take a while.
		sendHeartbeat();
		logger.debug("Subscribed to " + this.client.target() + " holding version " + held.version());
		boolean reopened = this.everOpened;
		this.everOpened = true;
		tell((observer) -> observer.streamOpened(reopened));
	}

	private void onMessage(ServerMessage message, long receivedNanos) {
		this.silence.heard();
		this.reconnect.reset();
		if (!this.stream.answered) {
			this.stream.answered = true;
			this.refusalsSaid.clear();
			String server = this.stream.peer.address();
			tell((observer) -> observer.connected(server));
		}
		switch (message.getKindCase()) {
			case UPDATE -> onUpdate(message.getUpdate(), receivedNanos);
			case HEARTBEAT_ACK -> onHeartbeatAck(message.getHeartbeatAck());
			default -> logger.debug("Ignoring a server message of kind " + message.getKindCase());
		}
	}

	private void onUpdate(ConfigUpdate update, long receivedNanos) {
		ApplyTimings.Recorder stages = new ApplyTimings.Recorder();
		stages.at(ApplyStage.RECEIVED, receivedNanos);
		UpdatePlan plan = UpdatePlan.of(this.client.held(), this.refused, update, Instant.now());
		if (plan instanceof UpdatePlan.Apply apply) {
			stages.mark(ApplyStage.VERIFIED);
			try {
				this.applier.apply(apply.next(), stages);
			}
			catch (ConfigRejectedException ex) {
				refuse(update, ex.getMessage());
				return;
			}
			catch (RuntimeException | Error ex) {
				// Never leave an update unanswered: the center would wait for this instance.
				logger.error("Applying version " + update.getVersion() + " of " + this.client.target() + " failed", ex);
				refuse(update, "applying failed: " + ex);
				return;
			}
			ack(update);
			stages.mark(ApplyStage.ACK_SENT);
			ApplyTimings timings = stages.timings();
			tell((observer) -> observer.applied(apply.next(), timings));
		}
		else if (plan instanceof UpdatePlan.Acknowledge) {
			ack(update);
			tell(SyncObserver::confirmed);
		}
		else if (plan instanceof UpdatePlan.Reject reject) {
			if (update.getFull() && reject.code() == NackCode.CHECKSUM_MISMATCH) {
				// the whole release does not hash to its checksum: sent again, it would not either
				this.refused = new RefusedRelease(update.getVersion(), update.getChecksum(), reject.code(),
						reject.reason());
			}
			nack(update, reject.code(), reject.reason());
		}
		else if (plan instanceof UpdatePlan.Ignore ignore) {
			logger.debug("Ignoring an update of " + this.client.target() + ": " + ignore.reason());
		}
		else if (plan instanceof UpdatePlan.Misdirected misdirected) {
			logger.warn("Ignoring an update not meant for this instance: " + misdirected.reason());
		}
	}

	private void refuse(ConfigUpdate update, String reason) {
		this.refused = new RefusedRelease(update.getVersion(), update.getChecksum(), NackCode.APPLY_FAILED, reason);
		nack(update, NackCode.APPLY_FAILED, reason);
		// after the NACK: the center need not wait for the disk
		this.client.saveRefusal(new RefusalFile.Refusal(update.getVersion(), update.getChecksum(), reason, Instant.now()),
				logger);
	}

	private void ack(ConfigUpdate update) {
		this.stream.send(ClientMessage.newBuilder()
			.setAck(Ack.newBuilder().setVersion(update.getVersion()).setNonce(update.getNonce()))
			.build());
	}

	private void nack(ConfigUpdate update, NackCode code, String reason) {
		logger.warn("Rejected version " + update.getVersion() + " of " + this.client.target() + " (" + code + "): "
				+ reason);
		this.stream.send(ClientMessage.newBuilder()
			.setNack(Nack.newBuilder()
				.setVersion(update.getVersion())
				.setNonce(update.getNonce())
				.setCode(code)
				.setReason(reason))
			.build());
		tell((observer) -> observer.rejected(update.getVersion(), code, reason));
	}

	private void onHeartbeatAck(HeartbeatAck answer) {
		if (answer.getStoreUnavailable()) {
			onStoreUnavailable(answer);
			return;
		}
		if (this.unconfirmed.inARow() > 0) {
			logger.info("MCP Config center " + center(answer) + " reaches its store again");
			this.unconfirmed.reset();
			tell(SyncObserver::storeReachable);
		}
		HeldConfig held = this.client.held();
		if (HeldRelease.of(held).is(answer.getCurrentVersion(), answer.getCurrentChecksum())) {
			this.driftCount = 0;
			if (held.source() == ConfigSource.SNAPSHOT) {
				confirmSnapshot(held);
			}
			else if (held.source() == ConfigSource.EMPTY) {
				confirmEmpty(held);
			}
			else if (held.source() == ConfigSource.FALLBACK && !leaveFallback(held)) {
				// still degraded: not confirmed
				return;
			}
			tell(SyncObserver::confirmed);
			return;
		}
		this.noReleaseAnswers = 0;
		// An update is on its way to this stream, queued behind others' on a busy center or
		// not yet applied: not drift (the center re-sends what is not acknowledged).
		if (answer.getUpdatePending()) {
			this.driftCount = 0;
			return;
		}
		// The center serves what this instance refused: subscribing again would not change
		// that. Nor is what the instance holds confirmed: the center serves something else.
		if (this.refused != null && this.refused.is(answer.getCurrentVersion(), answer.getCurrentChecksum())) {
			this.driftCount = 0;
			return;
		}
		// One mismatch may be a release on its way to this stream; two in a row is drift.
		if (++this.driftCount < DRIFT_CONFIRMATIONS) {
			return;
		}
		logger.info("MCP Config serves version " + answer.getCurrentVersion() + " of " + held.target()
				+ " while this instance holds version " + held.version() + "; subscribing again");
		closeStream("re-subscribing");
		open();
	}

	/**
	 * The center cannot reach the store it shares with other replicas, so it vouches for no
	 * release: what this instance holds is not confirmed (health says degraded), nor is the
	 * answer drift. After {@value UnconfirmedAnswers#IN_A_ROW} such answers in a row the
	 * session moves to the next center, if another is configured; with none, it keeps the
	 * stream, on which the center pushes what it missed once its store is back.
	 */
	private void onStoreUnavailable(HeartbeatAck answer) {
		this.driftCount = 0;
		// two answers in a row that the center has no release: not across one that says nothing
		this.noReleaseAnswers = 0;
		String why = "center " + center(answer) + " cannot reach its store";
		tell((observer) -> observer.unconfirmed(why));
		boolean moveOn = this.unconfirmed.answered() && this.client.canFailOver();
		if (this.unconfirmed.inARow() == 1) {
			logger.warn("MCP Config " + why + ", so it cannot confirm that " + held(this.client.held()) + " is current; "
					+ (this.client.canFailOver() ? "trying the next center if it cannot for "
							+ UnconfirmedAnswers.IN_A_ROW + " heartbeats"
							: "keeping the stream, on which it pushes what it missed once the store is back"));
		}
		if (moveOn) {
			CallPeer cutOff = this.stream.peer;
			closeStream(why);
			this.client.failOver(cutOff, Status.UNAVAILABLE.withDescription(why), logger);
			reopenLater(why, Duration.ZERO);
		}
	}

	/** What the instance holds, in words: a version, or where a configuration with none comes from. */
	private static String held(HeldConfig held) {
		return (held.version() > 0) ? "version " + held.version() + " of " + held.target()
				: "the " + held.source().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " configuration of "
						+ held.target();
	}

	/** The replica that answered, by its id, or by its address for a center that predates ids. */
	private String center(HeartbeatAck answer) {
		if (!answer.getServerId().isEmpty()) {
			return answer.getServerId();
		}
		String address = this.stream.peer.address();
		return (address != null) ? address : "(address unknown)";
	}

	/**
	 * The center serves the release this instance started with from its snapshot: the
	 * configuration now comes from the center. Nothing changed, so nothing is announced.
	 */
	private void confirmSnapshot(HeldConfig held) {
		this.client.swap(held.withSource(ConfigSource.REMOTE));
		logger.info("MCP Config serves version " + held.version() + " of " + held.target()
				+ " as read from the local snapshot: the configuration now comes from the center");
	}

	/**
	 * The center, not reached at start-up, answers that it has no release for the target:
	 * the empty configuration this instance started with is now the center's, and its
	 * snapshot, as if the center had answered at start-up. Nothing changed, so nothing is
	 * announced.
	 */
	private void confirmEmpty(HeldConfig held) {
		HeldConfig remote = held.withSource(ConfigSource.REMOTE);
		this.client.swap(remote);
		this.client.saveSnapshot(remote, logger);
		logger.info("MCP Config has no release of " + held.target()
				+ " either: the empty configuration now comes from the center");
	}

	/**
	 * The center answers, twice in a row, that it has no release for the target: the
	 * fallback, read only because the center could not be reached, gives way to the
	 * center's empty configuration, as if the center had answered at start-up.
	 * @return whether the fallback was left
	 */
	private boolean leaveFallback(HeldConfig fallback) {
		if (this.fallbackKept || ++this.noReleaseAnswers < DRIFT_CONFIRMATIONS) {
			return false;
		}
		HeldConfig none = HeldConfig.empty(fallback.target(), Instant.now()).withSource(ConfigSource.REMOTE);
		try {
			this.applier.apply(none);
		}
		catch (RuntimeException ex) {
			String why = (ex instanceof ConfigRejectedException) ? ex.getMessage() : ex.toString();
			logger.warn("MCP Config has no release of " + fallback.target()
					+ ", but the application refused to give up the fallback: " + why);
			this.fallbackKept = true;
			return false;
		}
		logger.info("MCP Config has no release of " + fallback.target()
				+ ": the fallback gives way to the center's empty configuration");
		return true;
	}

	private void onHeartbeatTick() {
		if (this.stream == null) {
			return;
		}
		if (this.silence.tick()) {
			String why = "no answer to " + this.silence.unanswered() + " heartbeats";
			CallPeer silent = this.stream.peer;
			closeStream("no answer to heartbeats");
			// a center that keeps its connection but answers nothing (a frozen process) would
			// keep it for pick_first, which leaves only a connection that breaks: move on
			this.client.failOver(silent, Status.UNAVAILABLE.withDescription(why), logger);
			reopenLater(why, Duration.ZERO);
			return;
		}
		sendHeartbeat();
	}

	private void sendHeartbeat() {
		HeldRelease held = HeldRelease.of(this.client.held());
		this.stream.send(ClientMessage.newBuilder()
			.setHeartbeat(Heartbeat.newBuilder()
				.setHeldVersion(held.version())
				.setHeldChecksum(held.checksum())
				.setSentAtMillis(System.currentTimeMillis()))
			.build());
	}

	private void onEnded(Stream ended, Status status, Duration notBefore) {
		this.stream = null;
		String why = status.isOk() ? "the config center ended it" : CallFailure.describe(status);
		tell((observer) -> observer.disconnected(why));
		// A center that refuses a new stream cannot serve this instance now (a replica cut off
		// from its store): the next one is opened to the next address. A stream that was served
		// and then ends is the transport's to fail over, if its connection broke.
		if (!ended.answered && ended.peer.refusedBy(status)) {
			this.client.failOver(ended.peer, status, logger);
		}
		if (!ended.answered && CallFailure.refusesTheInstance(status)) {
			retryRefused(ended.peer, why, notBefore);
			return;
		}
		reopenLater(why, notBefore);
	}

	/**
	 * Tries again every max-backoff, on a new connection, and at the next center when there
	 * is one (a replica that has not seen a new token yet refuses what the others take),
	 * telling the reason once until it changes, the session ends otherwise, or a center lets
	 * the instance in. A new connection each time: what changed may be the client
	 * certificate, which a connection presents only when it is made.
	 */
	private void retryRefused(CallPeer refusing, String why, Duration notBefore) {
		Duration delay = (notBefore.compareTo(this.refusedRetry) > 0) ? notBefore : this.refusedRetry;
		Optional<ServerRotation.Center> next = this.client.turnPast(refusing);
		if (next.isEmpty()) {
			this.client.channel().enterIdle();
		}
		String center = (refusing.address() != null) ? refusing.address() : this.client.serverAddresses().toString();
		String said = "The MCP Config center " + center + " refuses the sync session of " + this.client.target() + " ("
				+ why + "): it passes only once this instance (its token, labels, instance id or certificate) or the"
				+ " center is changed; trying again every " + delay.toMillis() + " ms"
				+ next.map((other) -> ", next at " + other).orElse("");
		if (this.refusalsSaid.add(why)) {
			logger.warn(said);
		}
		else {
			logger.debug(said);
		}
		reopenIn(delay);
	}

	/** After the back-off, and no sooner than a busy center asked (its retry hint). */
	private void reopenLater(String why, Duration notBefore) {
		// whatever ended the session this time, a refusal after it is news again
		this.refusalsSaid.clear();
		Duration backoff = this.reconnect.next();
		Duration delay = (notBefore.compareTo(backoff) > 0) ? notBefore : backoff;
		logger.warn("The MCP Config sync session of " + this.client.target() + " at " + this.client.serverAddresses()
				+ " broke (" + why + "); re-opening it in " + delay.toMillis() + " ms");
		reopenIn(delay);
	}

	private void reopenIn(Duration delay) {
		ScheduledThreadPoolExecutor current = this.executor;
		if (current != null) {
			try {
				current.schedule(guarded(this::reopen), delay.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	/**
	 * Opens the stream again, connecting at once. gRPC's channel keeps a back-off of its
	 * own after failed connects (up to two minutes) and fails calls at once meanwhile with
	 * the last error: left alone, a center back after a long outage would be reached only
	 * when that back-off ends, not on this session's ({@code mcp.client.reconnect.*}).
	 */
	private void reopen() {
		this.client.channel().resetConnectBackoff();
		open();
	}

	private void closeStream(String why) {
		if (this.stream != null) {
			this.stream.requests.cancel(why, null);
			this.stream = null;
			tell((observer) -> observer.disconnected(why));
		}
	}

	private void tell(Consumer<SyncObserver> event) {
		for (SyncObserver observer : this.observers) {
			try {
				event.accept(observer);
			}
			catch (RuntimeException | Error ex) {
				// An observer's failure must not stop the session nor keep the others uninformed.
				logger.warn("The MCP Config sync observer " + observer + " failed", ex);
			}
		}
	}

	private void post(Runnable task) {
		ScheduledThreadPoolExecutor current = this.executor;
		if (current != null) {
			try {
				current.execute(guarded(task));
			}
			catch (RejectedExecutionException ex) {
				// stopping: the stream is being cancelled, its last callbacks do not matter
			}
		}
	}

	// Whatever a task throws is logged: a periodic task that throws is never run again.
	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				logger.error("The MCP Config sync session failed to handle an event", ex);
			}
		};
	}

	/**
	 * One opened {@code Sync} call. gRPC calls back on its own threads; every callback is
	 * handed to the session thread and dropped there if this call is no longer the
	 * current one.
	 */
	private final class Stream implements StreamObserver<ServerMessage> {

		private final CallPeer peer = new CallPeer();

		private ClientCallStreamObserver<ClientMessage> requests;

		// Confined to the session thread: whether the config center has answered yet.
		private boolean answered;

		void send(ClientMessage message) {
			this.requests.onNext(message);
		}

		@Override
		public void onNext(ServerMessage message) {
			// when it arrived, not when the session thread got to it: the wait is part of applying
			long receivedNanos = System.nanoTime();
			post(() -> {
				if (SyncSession.this.stream == this) {
					onMessage(message, receivedNanos);
				}
			});
		}

		@Override
		public void onError(Throwable error) {
			Duration hint = RetryHint.of(Status.trailersFromThrowable(error));
			post(() -> {
				if (SyncSession.this.stream == this) {
					onEnded(this, Status.fromThrowable(error), hint);
				}
			});
		}

		@Override
		public void onCompleted() {
			post(() -> {
				if (SyncSession.this.stream == this) {
					onEnded(this, Status.OK, Duration.ZERO);
				}
			});
		}

	}

}
