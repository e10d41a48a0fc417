package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;
import io.mcpconfig.protocol.v1.Target;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code Sync} stream as a client library would drive it: it records what the
 * server sends and, in auto mode, applies each update (checking base and checksum like
 * the starter does) and answers ACK or NACK.
 */
public final class SyncClient implements AutoCloseable {

	private final ClientCallStreamObserver<ClientMessage> requests;

	private final List<ConfigUpdate> updates = new CopyOnWriteArrayList<>();

	private final List<HeartbeatAck> heartbeatAcks = new CopyOnWriteArrayList<>();

	private final boolean autoAck;

	private volatile Status closedWith;

	private volatile Metadata closedTrailers;

	private volatile long heldVersion;

	private volatile Map<String, String> held = Map.of();

	private volatile long heartbeatIntervalMillis;

	private volatile List<String> profiles = List.of();

	private volatile Map<String, String> labels = Map.of("region", "us-west");

	private SyncClient(Channel channel, boolean autoAck, boolean reads) {
		this.autoAck = autoAck;
		Responses responses = new Responses(reads);
		ConfigServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).sync(responses);
		this.requests = responses.requests;
	}

	/** A client that only records; the test answers. */
	public static SyncClient manual(Channel channel) {
		return new SyncClient(channel, false, true);
	}

	/** A client that applies and acknowledges every update. */
	public static SyncClient autoAcking(Channel channel) {
		return new SyncClient(channel, true, true);
	}

	/** A client that never asks for a single message: gRPC flow control holds the server back. */
	public static SyncClient neverReading(Channel channel) {
		return new SyncClient(channel, false, false);
	}

	/** Subscribe with these labels (default {@code region=us-west}). */
	public SyncClient labels(Map<String, String> labels) {
		this.labels = Map.copyOf(labels);
		return this;
	}

	/** Subscribe with these active profiles (default none). */
	public SyncClient profiles(String... profiles) {
		this.profiles = List.of(profiles);
		return this;
	}

	/** Announce this heartbeat interval in the next Subscribe (0, the default: the server's expiry). */
	public SyncClient heartbeatInterval(Duration interval) {
		this.heartbeatIntervalMillis = interval.toMillis();
		return this;
	}

	public SyncClient subscribe(String app, String env, String instanceId) {
		return subscribe(app, env, instanceId, 0, "", Map.of());
	}

	public SyncClient subscribe(String app, String env, String instanceId, long heldVersion, String heldChecksum,
			Map<String, String> heldProperties) {
		this.heldVersion = heldVersion;
		this.held = Map.copyOf(heldProperties);
		return send(ClientMessage.newBuilder()
			.setSubscribe(Subscribe.newBuilder()
				.setTarget(Target.newBuilder().setApp(app).setEnv(env))
				.setInstance(InstanceInfo.newBuilder()
					.setInstanceId(instanceId)
					.setHost("test-host")
					.putAllLabels(labels)
					.addAllProfiles(profiles)
					.setClientVersion("test"))
				.setHeldVersion(heldVersion)
				.setHeldChecksum(heldChecksum)
				.setHeartbeatIntervalMillis(heartbeatIntervalMillis))
			.build());
	}

	public SyncClient ack(ConfigUpdate update) {
		return send(ClientMessage.newBuilder()
			.setAck(Ack.newBuilder().setVersion(update.getVersion()).setNonce(update.getNonce()))
			.build());
	}

	public SyncClient nack(ConfigUpdate update, NackCode code, String reason) {
		return send(ClientMessage.newBuilder()
			.setNack(Nack.newBuilder()
				.setVersion(update.getVersion())
				.setNonce(update.getNonce())
				.setCode(code)
				.setReason(reason))
			.build());
	}

	public SyncClient heartbeat(long heldVersion, String heldChecksum) {
		return send(ClientMessage.newBuilder()
			.setHeartbeat(Heartbeat.newBuilder()
				.setHeldVersion(heldVersion)
				.setHeldChecksum(heldChecksum)
				.setSentAtMillis(System.currentTimeMillis()))
			.build());
	}

	public synchronized SyncClient send(ClientMessage message) {
		requests.onNext(message);
		return this;
	}

	/** End the client's side of the stream: the server completes the call. */
	public synchronized SyncClient halfClose() {
		requests.onCompleted();
		return this;
	}

	public List<ConfigUpdate> updates() {
		return updates;
	}

	public List<HeartbeatAck> heartbeatAcks() {
		return heartbeatAcks;
	}

	/** Wait for the n-th update (1-based) and return it. */
	public ConfigUpdate awaitUpdate(int n) {
		await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() >= n);
		return updates.get(n - 1);
	}

	public HeartbeatAck awaitHeartbeatAck(int n) {
		await().atMost(Duration.ofSeconds(10)).until(() -> heartbeatAcks.size() >= n);
		return heartbeatAcks.get(n - 1);
	}

	public Status awaitClosed(Duration atMost) {
		await().atMost(atMost).until(() -> closedWith != null);
		return closedWith;
	}

	public Status closedWith() {
		return closedWith;
	}

	/** The trailers the stream ended with, {@code null} while it is open or when there were none. */
	public Metadata closedTrailers() {
		return closedTrailers;
	}

	public long heldVersion() {
		return heldVersion;
	}

	public Map<String, String> held() {
		return held;
	}

	public String heldChecksum() {
		return ConfigChecksum.of(held);
	}

	@Override
	public synchronized void close() {
		if (closedWith == null) {
			requests.cancel("test done", null);
		}
	}

	/** Apply an update as the starter does; null when it does not fit what is held. */
	public static Map<String, String> apply(Map<String, String> held, long heldVersion, ConfigUpdate update) {
		Map<String, String> next;
		if (update.getFull()) {
			next = new HashMap<>(update.getUpsertsMap());
		}
		else {
			if (update.getBaseVersion() != heldVersion) {
				return null;
			}
			next = new HashMap<>(held);
			next.putAll(update.getUpsertsMap());
			update.getRemovalsList().forEach(next::remove);
		}
		return ConfigChecksum.of(next).equals(update.getChecksum()) ? Map.copyOf(next) : null;
	}

	private void autoApply(ConfigUpdate update) {
		Map<String, String> next = apply(held, heldVersion, update);
		if (next == null) {
			nack(update, update.getFull() ? NackCode.CHECKSUM_MISMATCH : NackCode.BASE_MISMATCH, "does not fit");
			return;
		}
		held = next;
		heldVersion = update.getVersion();
		ack(update);
	}

	private final class Responses implements ClientResponseObserver<ClientMessage, ServerMessage> {

		private final boolean reads;

		private ClientCallStreamObserver<ClientMessage> requests;

		Responses(boolean reads) {
			this.reads = reads;
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
			this.requests = requestStream;
			if (!reads) {
				requestStream.disableAutoRequestWithInitial(0);
			}
		}

		@Override
		public void onNext(ServerMessage message) {
			if (message.hasUpdate()) {
				updates.add(message.getUpdate());
				if (autoAck) {
					autoApply(message.getUpdate());
				}
			}
			else if (message.hasHeartbeatAck()) {
				heartbeatAcks.add(message.getHeartbeatAck());
			}
		}

		@Override
		public void onError(Throwable error) {
			closedTrailers = Status.trailersFromThrowable(error);
			closedWith = Status.fromThrowable(error);
		}

		@Override
		public void onCompleted() {
			closedWith = Status.OK;
		}

	}

}
