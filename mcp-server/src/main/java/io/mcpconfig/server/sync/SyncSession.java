package io.mcpconfig.server.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLSession;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;
import io.mcpconfig.server.ControlCharacters;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.Running;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.sync.PushPlan.Base;
import io.mcpconfig.server.sync.PushPlan.Held;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One client's {@code Sync} stream. Every event (client message, offered release, ready
 * transport, timer) runs on the session's {@link SerialExecutor}, so the fields below are
 * confined to one thread at a time and every call on the response observer is
 * serialized, with exactly one {@code onCompleted}/{@code onError}.
 * <p>
 * At most one update is in flight: it waits for its ACK or NACK and is sent again with
 * the same nonce after {@code ack-timeout}. Releases offered meanwhile are coalesced to
 * the newest, which is pushed once the client answers: a delta from what the client
 * holds when the base is still retained and its checksum matches, the full
 * configuration otherwise. Nothing is sent while the transport is not ready.
 * <p>
 * A release offered as restored (the store went back to a snapshot) is taken even when
 * its version is not above the one resolved: a client that holds a newer version gets it
 * in full marked as replacing that one, a client that holds its version with other
 * content gets it in full ({@link PushPlan}).
 */
final class SyncSession implements StreamObserver<ClientMessage> {

	private static final Log logger = LogFactory.getLog(SyncSession.class);

	private final ServerCallStreamObserver<ServerMessage> out;

	private final SyncContext context;

	private final Executor serial;

	private final String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

	/**
	 * Client messages the session asks gRPC for ahead of handling them: a client that floods
	 * its stream waits in HTTP/2 flow control instead of queuing on the session's executor.
	 */
	static final int INBOUND_WINDOW = 8;

	/** The trailer gRPC clients read as "try again after this many milliseconds". */
	static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The newest release offered by the fan-out and not yet taken by the session. */
	private final AtomicReference<Offer> offered = new AtomicReference<>();

	private final AtomicBoolean drainScheduled = new AtomicBoolean();

	/** Whose token opened the session, {@code null} when security is off: it ends when that token is revoked. */
	private final ApiToken caller;

	/** The connection the session's call comes over: its host, and its TLS session if any. */
	private final PeerConnection.Peer peer;

	/** What this session holds of its token's and the center's quotas, once admitted at subscribe. */
	private SessionQuotas.Admission admission;

	/** The instance id this session holds in the registry's claims, once subscribed. */
	private volatile String claimedInstanceId;

	private volatile long lastHeardNanos = System.nanoTime();

	// --- confined to the serial executor ---

	private boolean closed;

	private Target target;

	private InstanceInfo instance;

	/**
	 * What the instance should hold now, under the version it holds when it holds the same
	 * configuration ({@link PushPlan.Adopt}); null until the store was read at subscribe.
	 */
	private EffectiveConfig latest;

	/** The version of the newest release resolved into {@code latest}: older offers are stale, unless restored. */
	private long resolvedVersion;

	/**
	 * When the fan-out offered the release resolved into {@code latest} ({@code nanoTime}),
	 * until the update that carries it is made; {@code null} when there is no push lag to
	 * measure.
	 */
	private Long latestOfferedNanos;

	/** The configuration the client holds as read from the store, the base of a delta. */
	private Base base;

	/** A read of the base is under way: nothing is pushed until it is back. */
	private boolean readingBase;

	/** The newest heartbeat that came before the subscribe's read was back, answered then. */
	private Heartbeat early;

	/** What the instance holds, as it last told (subscribe, ack, heartbeat). */
	private long heldVersion;

	private String heldChecksum = "";

	/** The client's state cannot be trusted for a delta (checksum or base mismatch). */
	private boolean fullRequired;

	/** A version the instance refused to apply: not sent to it again. */
	private long rejectedVersion;

	private Pending pending;

	/** Client messages handled since more were asked for ({@link #INBOUND_WINDOW}). */
	private int handledSinceRequest;

	private Instance registered;

	private long nonces;

	private ScheduledFuture<?> ackTimer;

	private ScheduledFuture<?> expiryTimer;

	/** How long the instance may stay silent: the server's expiry or three of its heartbeats. */
	private Duration expiry;

	SyncSession(ServerCallStreamObserver<ServerMessage> out, SyncContext context, ApiToken caller,
			PeerConnection.Peer peer) {
		this.out = out;
		this.context = context;
		this.caller = caller;
		this.peer = peer;
		this.serial = context.workers().newSerialExecutor();
		// flow control and both handlers must be set during the call to the service method
		out.disableAutoRequest();
		out.request(INBOUND_WINDOW);
		out.setOnReadyHandler(() -> serial.execute(this::onTransportReady));
		out.setOnCancelHandler(() -> serial.execute(this::cancelled));
		context.sessions().opened(this);
		serial.execute(() -> {
			expiry = context.settings().instanceExpiry();
			scheduleExpiryCheck(expiry);
		});
	}

	// --- inbound, on gRPC's threads: hand over to the session ---

	@Override
	public void onNext(ClientMessage message) {
		lastHeardNanos = System.nanoTime();
		context.workers().messageArrived();
		serial.execute(() -> {
			context.workers().messageHandled();
			try {
				handle(message);
			}
			finally {
				// an Error thrown through must not cost the session a message of its window
				askForMore();
			}
		});
	}

	/**
	 * Ask for as many messages as were handled, half a window at a time: each request is a
	 * task on the transport's event loop, which a session need not pay for every heartbeat.
	 */
	private void askForMore() {
		if (!closed && ++handledSinceRequest == INBOUND_WINDOW / 2) {
			out.request(handledSinceRequest);
			handledSinceRequest = 0;
		}
	}

	@Override
	public void onError(Throwable error) {
		serial.execute(this::cancelled);
	}

	@Override
	public void onCompleted() {
		serial.execute(() -> finish(Status.OK));
	}

	/** A new release of the target, from the fan-out: never blocks. */
	void offer(Offer offer) {
		offered.accumulateAndGet(offer, (held, next) -> (held == null) ? next : held.followedBy(next));
		if (drainScheduled.compareAndSet(false, true)) {
			serial.execute(this::takeOffered);
		}
	}

	/**
	 * The token the session was opened with.
	 * @return the token, {@code null} when security is off
	 */
	ApiToken caller() {
		return caller;
	}

	/**
	 * The TLS session of the session's connection.
	 * @return it, {@code null} in plaintext
	 */
	SSLSession tls() {
		return peer.tls();
	}

	/**
	 * Whether another session comes from where this one does (the same host, with the same
	 * token): then it is this instance reconnecting, and may take this session's place.
	 */
	boolean sameOrigin(SyncSession other) {
		return Objects.equals(peer.host(), other.peer.host())
				&& Objects.equals((caller != null) ? caller.name() : null,
						(other.caller != null) ? other.caller.name() : null);
	}

	/** The instance id this session claimed at subscribe, {@code null} before. */
	String claimedInstanceId() {
		return claimedInstanceId;
	}

	/** Close the session from the server side (shutdown, a revoked token). */
	void shutdown(Status status) {
		serial.execute(() -> finish(status));
	}

	// --- session work ---

	private void handle(ClientMessage message) {
		if (closed) {
			return;
		}
		try {
			switch (message.getKindCase()) {
				case SUBSCRIBE -> subscribe(message.getSubscribe());
				case ACK -> {
					requireSubscribed("Ack");
					ack(message.getAck());
				}
				case NACK -> {
					requireSubscribed("Nack");
					nack(message.getNack());
				}
				case HEARTBEAT -> {
					requireSubscribed("Heartbeat");
					heartbeat(message.getHeartbeat());
				}
				default -> throw Status.INVALID_ARGUMENT.withDescription("empty ClientMessage").asRuntimeException();
			}
		}
		catch (StatusRuntimeException ex) {
			// with its trailers: a refusal may carry a retry hint
			finish(ex.getStatus(), ex.getTrailers());
		}
		catch (StoreUnavailableException ex) {
			finish(ConfigSyncService.unavailable(ex));
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/** Overloaded, not broken: the client comes back later, spread out by the hint's jitter. */
	static Status busy() {
		return Status.RESOURCE_EXHAUSTED
			.withDescription("the center is busy reading the store for other clients; try again after the retry hint");
	}

	/** gRPC's standard retry hint: one to three seconds, so a storm of clients spreads out. */
	static Metadata pushback() {
		Metadata trailers = new Metadata();
		trailers.put(RETRY_PUSHBACK, Long.toString(1000 + ThreadLocalRandom.current().nextLong(2000)));
		return trailers;
	}

	/** A bug must not leave a half-updated session behind: end it, the client reconnects. */
	private void failed(RuntimeException ex) {
		logger.error("Session " + id + " of " + target + " failed", ex);
		finish(Status.INTERNAL.withDescription("server error: " + ex));
	}

	private void requireSubscribed(String what) {
		if (target == null) {
			throw Status.FAILED_PRECONDITION.withDescription(what + " before Subscribe: subscribe first")
				.asRuntimeException();
		}
	}

	private void subscribe(Subscribe subscribe) {
		if (target != null) {
			throw Status.FAILED_PRECONDITION
				.withDescription("this session is already subscribed to " + target + "; subscribe once per session")
				.asRuntimeException();
		}
		Target requested = ConfigSyncService.target(subscribe.getTarget());
		context.access().requireSync(caller, requested);
		if (subscribe.getInstance().getInstanceId().isBlank()) {
			throw Status.INVALID_ARGUMENT.withDescription("instance.instance_id is required").asRuntimeException();
		}
		InstanceInfoLimits.check(subscribe.getInstance());
		if (subscribe.getHeartbeatIntervalMillis() < 0) {
			throw Status.INVALID_ARGUMENT
				.withDescription("heartbeat_interval_millis must be 0 (server default) or more, was "
						+ subscribe.getHeartbeatIntervalMillis())
				.asRuntimeException();
		}
		// released when the session ends, whatever ends it (a refused claim, too)
		admission = context.quotas().admit(caller, subscribe.getInstance());
		String instanceId = subscribe.getInstance().getInstanceId();
		SyncSession replaced = context.sessions().claim(this, requested, instanceId);
		claimedInstanceId = instanceId;
		if (replaced != null) {
			replaced.shutdown(Status.ABORTED.withDescription("replaced by a newer session of instance " + instanceId
					+ " from the same host with the same token"));
		}
		target = requested;
		instance = subscribe.getInstance();
		expiry = expiry(subscribe.getHeartbeatIntervalMillis());
		heldVersion = subscribe.getHeldVersion();
		heldChecksum = subscribe.getHeldChecksum();
		// Apollo's rule: register first, then read, so a publish in between is offered to us
		context.sessions().subscribe(this, target);
		Target subscribed = target;
		InstanceInfo who = instance;
		Held held = held();
		context.workers().read(() -> readAtSubscribe(subscribed, who, held), serial, this::subscribed);
	}

	/** Off the session's thread: what the instance should hold and the base of its delta. */
	private Subscribed readAtSubscribe(Target subscribed, InstanceInfo who, Held held) {
		EffectiveConfigResolver resolver = context.resolver();
		resolver.requireStoreAvailable();
		refuseIfLiveOnAnotherReplica(subscribed, who.getInstanceId());
		EffectiveConfig current = resolver.resolve(subscribed, who, caller);
		Base heldBase = (PushPlan.of(held, current, false, 0, null) instanceof PushPlan.ReadBase read)
				? readBase(subscribed, who, read.version()) : null;
		return new Subscribed(current, heldBase);
	}

	/**
	 * The claim of an instance id across replicas: a live session of it on another replica
	 * (heard from within the instance expiry) from another address or token keeps it. The
	 * same instance failing over from a replica that died is let in.
	 */
	private void refuseIfLiveOnAnotherReplica(Target subscribed, String instanceId) {
		Instant liveSince = Instant.now().minus(context.settings().instanceExpiry());
		String callerName = (caller != null) ? caller.name() : null;
		Optional<Instance> listed = context.instances().find(subscribed, instanceId);
		if (listed.isPresent()) {
			Instance other = listed.get();
			if (!context.serverId().value().equals(other.serverId()) && other.lastHeartbeat().isAfter(liveSince)
					&& !(Objects.equals(peer.host(), other.address()) && Objects.equals(callerName, other.token()))) {
				throw Status.ALREADY_EXISTS
					.withDescription("instance id '" + instanceId + "' of " + subscribed + " is held by a live session "
							+ "on replica " + other.serverId() + " from another host or token; give each instance its "
							+ "own mcp.client.instance-id")
					.asRuntimeException();
			}
		}
	}

	private Base readBase(Target of, InstanceInfo who, long version) {
		try {
			return new Base(version, context.resolver().resolve(of, who, version));
		}
		catch (StoreUnavailableException ex) {
			// no delta then: the full configuration needs no base
			return new Base(version, Optional.empty());
		}
	}

	private void subscribed(Subscribed read, RuntimeException error) {
		if (closed) {
			return;
		}
		if (error != null) {
			StatusRuntimeException refused = ConfigSyncService.refusal(error);
			if (refused != null) {
				finish(refused.getStatus(), refused.getTrailers());
			}
			else {
				failed(error);
			}
			return;
		}
		try {
			latest = read.current();
			resolvedVersion = latest.version();
			latestOfferedNanos = null;
			base = read.base();
			register();
			if (early != null) {
				heartbeat(early);
				early = null;
			}
			// a release offered while the store was read
			takeOffered();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	private void register() {
		Instant now = Instant.now();
		registered = new Instance(instance.getInstanceId(), instance.getHost(), target.app(), target.env(),
				instance.getLabelsMap(), instance.getProfilesList(), instance.getClientVersion(), context.serverId().value(),
				Instance.Status.ACKED, heldVersion, 0, "", now, now, peer.host(), (caller != null) ? caller.name() : null,
				running());
		if (logger.isDebugEnabled()) {
			logger.debug("Session " + id + " subscribed: instance " + instance.getInstanceId() + " of " + target
					+ " holds " + heldVersion + ", current " + latest.version());
		}
		push();
		context.instances().put(registered);
	}

	/**
	 * What the instance runs as it subscribes: what it should hold (its gray, its overlays)
	 * when it holds exactly that, as one that reconnects does and gets nothing pushed; only
	 * its checksum otherwise, until it acknowledges what it is sent.
	 */
	private Running running() {
		return heldChecksum.equals(latest.checksum()) ? latest.running() : Running.holding(heldChecksum);
	}

	/**
	 * A client that announces a slow heartbeat is not dropped between two of them, up to
	 * {@code max-heartbeat-interval}: a longer one counts as that (refusing it would keep a
	 * client so configured from connecting at all), so no silent session lives for ever.
	 */
	private Duration expiry(long heartbeatIntervalMillis) {
		long announced = Math.min(heartbeatIntervalMillis, context.settings().maxHeartbeatInterval().toMillis());
		Duration threeBeats = Duration.ofMillis(announced * 3);
		Duration server = context.settings().instanceExpiry();
		return (threeBeats.compareTo(server) > 0) ? threeBeats : server;
	}

	private void takeOffered() {
		drainScheduled.set(false);
		if (closed || latest == null) {
			// before the subscribe's read is back: it takes the offer then
			return;
		}
		Offer offer = offered.getAndSet(null);
		if (offer == null || (!offer.restored() && offer.release().version() <= resolvedVersion)) {
			return;
		}
		try {
			EffectiveConfig previous = latest;
			latest = context.resolver().resolve(offer.release(), instance);
			resolvedVersion = offer.release().version();
			latestOfferedNanos = offer.offeredNanos();
			if (offer.restored()) {
				// the version the instance refused may come again with other content
				rejectedVersion = 0;
			}
			if (previous.version() > 0 && heldVersion == previous.version() && heldChecksum.equals(previous.checksum())) {
				// what the instance holds is what it was last sent: the base of the delta, no store read
				base = new Base(previous.version(), Optional.of(previous));
			}
			push();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/** Send what the instance should hold if it does not hold it and nothing is in flight. */
	private void push() {
		if (closed || pending != null) {
			// one update in flight
			return;
		}
		PushPlan plan = PushPlan.of(held(), latest, fullRequired, rejectedVersion, base);
		if (plan instanceof PushPlan.ReadBase) {
			readBaseThenPush();
			return;
		}
		// taken whatever the plan: an update carries its lag, and one the instance holds has none
		Long offeredNanos = latestOfferedNanos;
		latestOfferedNanos = null;
		if (plan instanceof PushPlan.Adopt adopt) {
			latest = adopt.config();
			updateInstance((i) -> i.holding(latest.running()));
			return;
		}
		String nonce = id + "-" + (++nonces);
		ConfigUpdate update;
		if (plan instanceof PushPlan.Delta delta) {
			update = context.updates().delta(delta.base(), latest, nonce);
		}
		else if (plan instanceof PushPlan.Full full) {
			update = context.updates().full(latest, nonce);
			if (full.replacesNewer()) {
				// releases the client applied are gone (a store restored from a backup): it gets
				// the current configuration in full, marked so that it applies the older version
				context.regressions().clientAhead(target, instance.getInstanceId(), heldVersion, latest.version());
				update = update.toBuilder().setReplacesNewer(true).build();
			}
		}
		else {
			return;
		}
		pending = new Pending(update, latest, false, offeredNanos);
		if (logger.isDebugEnabled()) {
			logger.debug("Session " + id + " pushes " + (update.getFull() ? "full" : "delta") + " " + latest + " to "
					+ instance.getInstanceId() + " (holds " + heldVersion + ")");
		}
		sendPending();
		updateInstance((i) -> i.pending(Instant.now()));
	}

	private Held held() {
		return new Held(heldVersion, heldChecksum);
	}

	/** The store is read off the session's thread; the push resumes when the base is back. */
	private void readBaseThenPush() {
		if (readingBase) {
			return;
		}
		readingBase = true;
		Target of = target;
		InstanceInfo who = instance;
		long version = heldVersion;
		context.workers().read(() -> readBase(of, who, version), serial, (read, error) -> {
			readingBase = false;
			if (error instanceof ReadQueueFullException || error instanceof StoreUnavailableException) {
				// no base to be had now: the full configuration needs none, and the session lives on
				base = new Base(version, Optional.empty());
			}
			else if (error != null) {
				failed(error);
				return;
			}
			else if (version == heldVersion) {
				// else the instance acknowledged something newer meanwhile, whose base ack() kept
				base = read;
			}
			push();
		});
	}

	/** Send the update in flight and wait for its answer; a transport that is not ready sends it later. */
	private void sendPending() {
		cancel(ackTimer);
		if (!out.isReady()) {
			pending = pending.awaitingTransport(true);
			return;
		}
		send(ServerMessage.newBuilder().setUpdate(pending.update()).build());
		if (pending.offeredNanos() != null) {
			context.metrics().pushed(pending.offeredNanos());
		}
		pending = pending.sent();
		String nonce = pending.update().getNonce();
		ackTimer = context.workers()
			.schedule(() -> serial.execute(() -> ackTimedOut(nonce)), context.settings().ackTimeout());
	}

	private void ackTimedOut(String nonce) {
		if (closed || pending == null || !pending.update().getNonce().equals(nonce)) {
			return;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Session " + id + ": no answer to " + nonce + " within " + context.settings().ackTimeout()
					+ ", sending it again");
		}
		context.metrics().resent();
		sendPending();
	}

	private void onTransportReady() {
		if (!closed && pending != null && pending.awaitingTransport()) {
			sendPending();
		}
	}

	private void ack(Ack ack) {
		if (!isPending(ack.getNonce())) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + id + ": ignoring Ack of unknown nonce "
						+ ControlCharacters.escaped(ack.getNonce()));
			}
			return;
		}
		cancel(ackTimer);
		context.metrics().acked();
		EffectiveConfig applied = pending.config();
		pending = null;
		heldVersion = applied.version();
		heldChecksum = applied.checksum();
		// what it acknowledged is the base of the next delta, even one published while this was in flight
		base = new Base(applied.version(), Optional.of(applied));
		fullRequired = false;
		updateInstance((i) -> i.acked(applied.version(), applied.running(), Instant.now()));
		push();
	}

	private void nack(Nack nack) {
		if (!isPending(nack.getNonce())) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + id + ": ignoring Nack of unknown nonce "
						+ ControlCharacters.escaped(nack.getNonce()));
			}
			return;
		}
		cancel(ackTimer);
		context.metrics().nacked();
		Pending refused = pending;
		pending = null;
		long version = refused.config().version();
		boolean repairable = (nack.getCode() == NackCode.CHECKSUM_MISMATCH || nack.getCode() == NackCode.BASE_MISMATCH)
				&& !refused.update().getFull();
		if (repairable) {
			// the delta did not fit what the client holds: the full configuration will
			fullRequired = true;
		}
		else {
			// refused by the application, or a full update that still did not fit: never again
			rejectedVersion = version;
			fullRequired = fullRequired || nack.getCode() != NackCode.APPLY_FAILED;
		}
		String reason = nack.getCode()
				+ (nack.getReason().isEmpty() ? "" : ": " + InstanceInfoLimits.reason(nack.getReason()));
		logger.info("Instance " + instance.getInstanceId() + " of " + target + " rejected version " + version + ": "
				+ reason);
		updateInstance((i) -> i.nacked(version, reason, Instant.now()));
		if (!repairable && refused.config().applied().gray()) {
			context.grayNacks().nacked(target, version, instance.getInstanceId(),
					((caller != null) ? "token '" + caller.name() + "' " : "") + "from " + peer.host(), reason);
		}
		push();
	}

	private boolean isPending(String nonce) {
		return pending != null && pending.update().getNonce().equals(nonce);
	}

	private void heartbeat(Heartbeat heartbeat) {
		if (latest == null) {
			// the subscribe's read is not back: nothing to answer with yet
			early = heartbeat;
			return;
		}
		updateInstance((i) -> i.heardFrom(Instant.now()));
		if (context.resolver().mayMissReleases()) {
			// cut off from the store it shares, this center cannot vouch that what the instance
			// holds is still current (another replica may have published since): the answer
			// names no release, so the instance stops counting itself confirmed and asks another
			// center if it knows one, or keeps this stream, on which the watch pushes what was
			// missed once the store is back. No drift repair from what may be stale either. On
			// a store of its own a center misses nothing, and answers as below
			answerHeartbeat(HeartbeatAck.newBuilder().setStoreUnavailable(true));
			return;
		}
		answerHeartbeat(HeartbeatAck.newBuilder()
			.setCurrentVersion(latest.version())
			.setCurrentChecksum(latest.checksum())
			.setUpdatePending(pending != null || readingBase));
		boolean drifted = heartbeat.getHeldVersion() != latest.version()
				|| !heartbeat.getHeldChecksum().equals(latest.checksum());
		// Nacos's rule: repair drift, but never race an update that is still in flight
		if (pending == null && drifted) {
			heldVersion = heartbeat.getHeldVersion();
			heldChecksum = heartbeat.getHeldChecksum();
			if (heldVersion == latest.version()) {
				fullRequired = true;
			}
			push();
		}
	}

	private void answerHeartbeat(HeartbeatAck.Builder answer) {
		if (out.isReady()) {
			send(ServerMessage.newBuilder()
				.setHeartbeatAck(answer.setServerTimeMillis(System.currentTimeMillis())
					.setServerId(context.serverId().value()))
				.build());
		}
	}

	private void scheduleExpiryCheck(Duration delay) {
		expiryTimer = context.workers().schedule(() -> serial.execute(this::checkExpiry), delay);
	}

	private void checkExpiry() {
		if (closed) {
			return;
		}
		Duration silent = Duration.ofNanos(System.nanoTime() - lastHeardNanos);
		if (silent.compareTo(expiry) < 0) {
			scheduleExpiryCheck(expiry.minus(silent));
			return;
		}
		logger.info("Dropping instance " + ((instance != null) ? instance.getInstanceId() : "(not subscribed)") + " of "
				+ target + ": silent for " + silent + " (expiry " + expiry
				+ ": mcp.server.sync.instance-expiry or three announced heartbeat intervals, each at most "
				+ "mcp.server.sync.max-heartbeat-interval)");
		finish(Status.UNAVAILABLE.withDescription("no message from this instance for " + expiry
				+ "; send heartbeats more often"));
	}

	// --- output and ending ---

	private void send(ServerMessage message) {
		try {
			out.onNext(message);
		}
		catch (RuntimeException ex) {
			// the call ended under us (cancelled, reset): the cancel handler cleans up
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + id + ": cannot send: " + ex.toString());
			}
		}
	}

	private void updateInstance(UnaryOperator<Instance> change) {
		if (registered != null) {
			registered = change.apply(registered);
			context.instances().put(registered);
		}
	}

	/** The server ends the call: OK completes it, anything else is an error status. */
	private void finish(Status status) {
		finish(status, null);
	}

	/** The server ends the call, with trailers for the client (a retry hint). */
	private void finish(Status status, Metadata trailers) {
		if (closed) {
			return;
		}
		// out of the fan-out and the registry before the client can see the call end
		cleanUp();
		try {
			if (status.isOk()) {
				out.onCompleted();
			}
			else {
				out.onError(status.asRuntimeException(trailers));
			}
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Session " + id + ": cannot close the call: " + ex.toString());
			}
		}
	}

	/** The client ended the call or it broke: nothing may be sent any more. */
	private void cancelled() {
		if (!closed) {
			cleanUp();
		}
	}

	private void cleanUp() {
		closed = true;
		cancel(ackTimer);
		cancel(expiryTimer);
		pending = null;
		offered.set(null);
		context.sessions().closed(this, target);
		if (admission != null) {
			context.quotas().release(admission);
			admission = null;
		}
		if (registered != null) {
			context.instances().remove(registered);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Session " + id + " closed");
		}
	}

	private static void cancel(ScheduledFuture<?> timer) {
		if (timer != null) {
			timer.cancel(false);
		}
	}

	/**
	 * What a subscribe read from the store.
	 *
	 * @param current what the instance should hold
	 * @param base the release it holds, null when no delta can be made from it
	 */
	private record Subscribed(EffectiveConfig current, Base base) {
	}

	/**
	 * A release from the fan-out, and when it was offered ({@code nanoTime}): one for all
	 * the sessions of the target.
	 *
	 * @param restored whether it is the current release of a store that went back: taken
	 * even when not newer than the one resolved
	 */
	record Offer(Release release, long offeredNanos, boolean restored) {

		/**
		 * What is offered when {@code next} comes before this one was taken: the newer of
		 * the two, or a restored one, which replaces what was offered from the history the
		 * store lost. A newer release after a restored one stays restored: its version may
		 * be one the session resolved before the store went back.
		 */
		Offer followedBy(Offer next) {
			if (next.restored()) {
				return next;
			}
			if (next.release().version() <= release.version()) {
				return this;
			}
			return restored ? new Offer(next.release(), next.offeredNanos(), true) : next;
		}

	}

	/**
	 * The update in flight.
	 *
	 * @param update the message, re-sent unchanged on a timeout
	 * @param config what the instance holds once it ACKs
	 * @param awaitingTransport whether it is to be sent once the transport is ready
	 * @param offeredNanos when the fan-out offered the release it carries, until it is
	 * first sent; {@code null} when it carries no newly offered release (what a subscribe
	 * sends, a drift repair) and once it was sent
	 */
	private record Pending(ConfigUpdate update, EffectiveConfig config, boolean awaitingTransport,
			Long offeredNanos) {

		Pending awaitingTransport(boolean awaiting) {
			return new Pending(update, config, awaiting, offeredNanos);
		}

		/** Sent: a re-send of it measures no lag. */
		Pending sent() {
			return new Pending(update, config, false, null);
		}

	}

}
