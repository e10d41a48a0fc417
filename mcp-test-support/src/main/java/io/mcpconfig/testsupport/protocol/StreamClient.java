package io.mcpconfig.testsupport.protocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mcpconfig.protocol.ReconnectBackoff;
import io.mcpconfig.protocol.StreamSilence;
import io.mcpconfig.protocol.UnconfirmedAnswers;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;
import io.mcpconfig.protocol.v1.Target;

/**
 * One simulated instance: a plain gRPC {@code Sync} session on channels of its own (one per
 * center replica it lists), as docs/protocol.md describes the client side. It subscribes with what it holds and a
 * heartbeat right after, applies and verifies every update ({@link UpdateDecision}) and
 * ACKs or NACKs it, sends a heartbeat every interval, re-subscribes on drift (two
 * answers in a row that name another configuration), moves to the next replica after
 * {@value UnconfirmedAnswers#IN_A_ROW} answers that the center cannot reach its store, and re-opens a broken or silent
 * stream after the starter's {@link ReconnectBackoff}, no sooner than a {@code RESOURCE_EXHAUSTED}
 * center's {@code grpc-retry-pushback-ms} asks. A stream that ends is re-opened on the
 * next replica of its list, as the starter fails over between its server addresses. What
 * it does goes to the process's {@link ClientRecords}.
 * <p>
 * All of its work runs in its own {@link SynchronizationContext}: gRPC's callbacks and the
 * shared timer hand their events over, so the fields below need no lock and every send on
 * the stream is serialized, on whichever shared thread drains the context.
 */
public final class StreamClient {

	static final Metadata.Key<String> RETRY_PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final int DRIFT_CONFIRMATIONS = 2;

	private final int index;

	private final Target target;

	private final InstanceInfo instance;

	private final List<ManagedChannel> channels;

	private final SharedTransport transport;

	private final ClientRecords records;

	private final VerifiedConfigs configs;

	private final ClientTiming timing;

	private final SynchronizationContext sync = new SynchronizationContext(
			(thread, error) -> System.err.println("client task failed: " + error));

	// --- confined to the synchronization context ---

	private final ReconnectBackoff backoff;

	/** Which of {@link #channels} the next stream opens on. */
	private int replica;

	private Held held = Held.NOTHING;

	private Stream stream;

	private final StreamSilence silence = new StreamSilence();

	private final UnconfirmedAnswers unconfirmed = new UnconfirmedAnswers();

	private int driftCount;

	private boolean closed;

	private SynchronizationContext.ScheduledHandle heartbeats;

	private SynchronizationContext.ScheduledHandle reopen;

	/**
	 * A client that is not connected yet.
	 * @param index its index in {@code records}
	 * @param channels one per center replica, tried in turn from {@code index}'s; the caller shuts them down
	 */
	public StreamClient(int index, String instanceId, Target target, List<ManagedChannel> channels,
			SharedTransport transport, ClientRecords records, VerifiedConfigs configs, ClientTiming timing) {
		this.index = index;
		this.target = target;
		this.instance = InstanceInfo.newBuilder()
			.setInstanceId(instanceId)
			.setHost("bench")
			.setClientVersion("mcp-bench")
			.build();
		this.channels = List.copyOf(channels);
		this.replica = index % channels.size();
		this.transport = transport;
		this.records = records;
		this.configs = configs;
		this.timing = timing;
		this.backoff = new ReconnectBackoff(timing.initialBackoff(), timing.maxBackoff());
	}

	/** Opens the stream and starts the heartbeats, each client at its own phase of the interval. */
	public void start() {
		this.sync.execute(() -> {
			long interval = this.timing.heartbeatInterval().toMillis();
			long phase = ThreadLocalRandom.current().nextLong(interval);
			this.heartbeats = this.sync.scheduleWithFixedDelay(this::onHeartbeatTick, interval + phase, interval,
					TimeUnit.MILLISECONDS, this.transport.timer());
			open();
		});
	}

	/** Cancels the stream and the timers; the caller shuts the channels down. */
	public void stop() {
		this.sync.execute(() -> {
			this.closed = true;
			cancel(this.heartbeats);
			cancel(this.reopen);
			if (this.stream != null) {
				this.stream.requests.cancel("the benchmark is over", null);
				this.stream = null;
			}
		});
	}

	public List<ManagedChannel> channels() {
		return this.channels;
	}

	/**
	 * Stops every client and shuts their channels down, waiting for them at most
	 * {@code timeout} in all.
	 * @return whether every channel terminated in time
	 */
	public static boolean stopAll(List<StreamClient> clients, Duration timeout) throws InterruptedException {
		clients.forEach(StreamClient::stop);
		List<ManagedChannel> channels = clients.stream().flatMap((client) -> client.channels.stream()).distinct().toList();
		channels.forEach(ManagedChannel::shutdownNow);
		long deadline = System.nanoTime() + timeout.toNanos();
		for (ManagedChannel channel : channels) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || !channel.awaitTermination(left, TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		return true;
	}

	private void open() {
		if (this.closed) {
			return;
		}
		this.records.opened(this.index);
		ManagedChannel channel = this.channels.get(this.replica);
		// the channel would otherwise wait out its own reconnect back-off and fail the call at once
		channel.resetConnectBackoff();
		Stream opened = new Stream();
		this.stream = opened;
		this.silence.opened();
		this.unconfirmed.reset();
		this.driftCount = 0;
		ConfigServiceGrpc.newStub(channel).sync(opened);
		send(ClientMessage.newBuilder()
			.setSubscribe(Subscribe.newBuilder()
				.setTarget(this.target)
				.setInstance(this.instance)
				.setHeldVersion(this.held.version())
				.setHeldChecksum(this.held.checksum())
				.setHeartbeatIntervalMillis(this.timing.heartbeatInterval().toMillis()))
			.build());
		sendHeartbeat();
	}

	private void onMessage(Stream from, ServerMessage message) {
		if (from != this.stream) {
			return;
		}
		this.silence.heard();
		this.backoff.reset();
		switch (message.getKindCase()) {
			case UPDATE -> onUpdate(message.getUpdate());
			case HEARTBEAT_ACK -> onHeartbeatAck(message.getHeartbeatAck());
			default -> {
				// a kind this client does not know: ignored, as the protocol asks
			}
		}
	}

	private void onUpdate(ConfigUpdate update) {
		UpdateDecision decision = UpdateDecision.of(this.held, update, this.configs);
		if (decision instanceof UpdateDecision.Apply apply) {
			this.held = apply.next();
			this.records.applied(this.index, this.held.version(), this.held.checksum(), update.getFull(),
					System.nanoTime());
			ack(update);
		}
		else if (decision instanceof UpdateDecision.Acknowledge) {
			ack(update);
		}
		else if (decision instanceof UpdateDecision.Reject reject) {
			send(ClientMessage.newBuilder()
				.setNack(Nack.newBuilder()
					.setVersion(update.getVersion())
					.setNonce(update.getNonce())
					.setCode(reject.code())
					.setReason(reject.reason()))
				.build());
		}
	}

	private void ack(ConfigUpdate update) {
		send(ClientMessage.newBuilder()
			.setAck(Ack.newBuilder().setVersion(update.getVersion()).setNonce(update.getNonce()))
			.build());
	}

	private void onHeartbeatAck(HeartbeatAck answer) {
		if (answer.getStoreUnavailable()) {
			// a replica cut off from its store vouches for nothing: not confirmed, nor drift
			this.driftCount = 0;
			if (this.unconfirmed.answered() && this.channels.size() > 1) {
				endStream("the center cannot reach its store");
				nextReplica();
				this.records.ended(this.index, ClientRecords.UNCONFIRMED,
						this.unconfirmed.inARow() + " answers that the center cannot reach its store");
				// as the starter does: after the back-off, so that a replica's clients do not all move at once
				reopenLater(this.backoff.next());
			}
			return;
		}
		this.unconfirmed.reset();
		if (this.held.is(answer.getCurrentVersion(), answer.getCurrentChecksum())) {
			this.driftCount = 0;
			this.records.confirmed(this.index, System.nanoTime());
			return;
		}
		if (answer.getUpdatePending()) {
			// the center says an update is on its way: not drift
			this.driftCount = 0;
			return;
		}
		// one mismatch may be an update on its way; two in a row is drift: subscribe again
		if (++this.driftCount >= DRIFT_CONFIRMATIONS) {
			endStream("re-subscribing on drift");
			// the replica may be the one that fell behind: ask another
			nextReplica();
			this.records.ended(this.index, "DRIFT", "the center serves " + answer.getCurrentVersion());
			open();
		}
	}

	private void onHeartbeatTick() {
		if (this.stream == null) {
			return;
		}
		if (this.silence.tick()) {
			endStream("no answer to heartbeats");
			nextReplica();
			this.records.ended(this.index, ClientRecords.SILENT,
					"no answer to " + this.silence.unanswered() + " heartbeats");
			reopenLater(this.backoff.next());
			return;
		}
		sendHeartbeat();
	}

	private void sendHeartbeat() {
		send(ClientMessage.newBuilder()
			.setHeartbeat(Heartbeat.newBuilder()
				.setHeldVersion(this.held.version())
				.setHeldChecksum(this.held.checksum())
				.setSentAtMillis(System.currentTimeMillis()))
			.build());
	}

	private void onEnded(Stream from, Status status, Metadata trailers) {
		if (from != this.stream) {
			return;
		}
		this.stream = null;
		this.records.ended(this.index, status);
		nextReplica();
		Duration delay = this.backoff.next();
		if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && trailers != null) {
			Duration asked = pushback(trailers.get(RETRY_PUSHBACK));
			delay = (asked.compareTo(delay) > 0) ? asked : delay;
		}
		reopenLater(delay);
	}

	private static Duration pushback(String millis) {
		try {
			return (millis != null) ? Duration.ofMillis(Math.max(0, Long.parseLong(millis.trim()))) : Duration.ZERO;
		}
		catch (NumberFormatException ex) {
			return Duration.ZERO;
		}
	}

	private void reopenLater(Duration delay) {
		if (!this.closed) {
			this.reopen = this.sync.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS,
					this.transport.timer());
		}
	}

	private void nextReplica() {
		this.replica = (this.replica + 1) % this.channels.size();
	}

	private void endStream(String why) {
		if (this.stream != null) {
			this.stream.requests.cancel(why, null);
			this.stream = null;
		}
	}

	private void send(ClientMessage message) {
		try {
			this.stream.requests.onNext(message);
		}
		catch (RuntimeException ex) {
			// the call ended under us: its onError re-opens it
		}
	}

	private static void cancel(SynchronizationContext.ScheduledHandle handle) {
		if (handle != null) {
			handle.cancel();
		}
	}

	/** One opened {@code Sync} call; events of a call that is no longer the client's are dropped. */
	private final class Stream implements ClientResponseObserver<ClientMessage, ServerMessage> {

		private ClientCallStreamObserver<ClientMessage> requests;

		@Override
		public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
			this.requests = requestStream;
		}

		@Override
		public void onNext(ServerMessage message) {
			StreamClient.this.sync.execute(() -> onMessage(this, message));
		}

		@Override
		public void onError(Throwable error) {
			StreamClient.this.sync.execute(() -> onEnded(this, Status.fromThrowable(error),
					Status.trailersFromThrowable(error)));
		}

		@Override
		public void onCompleted() {
			StreamClient.this.sync.execute(() -> onEnded(this, Status.OK, null));
		}

	}

}
