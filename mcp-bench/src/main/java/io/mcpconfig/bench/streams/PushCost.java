package io.mcpconfig.bench.streams;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.testsupport.protocol.SharedTransport;

/**
 * What one update costs on the wire: a configuration of {@code keys} keys is published
 * twice, the second time with one key changed; one probe subscribes holding nothing and
 * gets the full snapshot, another holds the first release and gets the delta. Sizes are
 * the serialized {@code ServerMessage} the center sent (gRPC adds 5 bytes of framing a
 * message, HTTP/2 9 bytes a frame of at most 16 KiB).
 */
final class PushCost {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * @param keys keys of the configuration
	 * @param fullBytes the full update's {@code ServerMessage}
	 * @param deltaBytes the one-key delta's {@code ServerMessage}
	 * @param deltaUpserts keys the delta carried
	 * @param percent delta over full, in percent
	 */
	record Result(int keys, int fullBytes, int deltaBytes, int deltaUpserts, double percent) {
	}

	private PushCost() {
	}

	static Result measure(CenterUnderTest center, String app, String env, int keys) throws Exception {
		ConfigBody first = new ConfigBody(keys, 1);
		long firstVersion = center.publish(first);
		center.publish(new ConfigBody(keys, 2));
		String[] hostPort = center.grpcAddress().split(":");
		InetSocketAddress address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
		Target target = Target.newBuilder().setApp(app).setEnv(env).build();
		try (SharedTransport transport = new SharedTransport(center.token())) {
			ManagedChannel channel = transport.channel(address, InetAddress.getLoopbackAddress());
			try {
				ServerMessage full = firstUpdate(channel, target, "probe-full", 0, "");
				ServerMessage delta = firstUpdate(channel, target, "probe-delta", firstVersion,
						ConfigChecksum.of(first.properties()));
				if (!full.getUpdate().getFull() || delta.getUpdate().getFull()) {
					throw new IllegalStateException("expected a full update and a delta, got full=" + full.getUpdate()
						.getFull() + " and full=" + delta.getUpdate().getFull());
				}
				return new Result(keys, full.getSerializedSize(), delta.getSerializedSize(),
						delta.getUpdate().getUpsertsCount(),
						100.0 * delta.getSerializedSize() / full.getSerializedSize());
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
		}
	}

	/** Subscribes holding {@code version} and answers the first update the center sends. */
	private static ServerMessage firstUpdate(ManagedChannel channel, Target target, String instanceId, long version,
			String checksum) throws Exception {
		CompletableFuture<ServerMessage> update = new CompletableFuture<>();
		AtomicReference<ClientCallStreamObserver<ClientMessage>> requests = new AtomicReference<>();
		ConfigServiceGrpc.newStub(channel).sync(new ClientResponseObserver<ClientMessage, ServerMessage>() {
			@Override
			public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
				requests.set(requestStream);
			}

			@Override
			public void onNext(ServerMessage message) {
				if (message.hasUpdate()) {
					update.complete(message);
				}
			}

			@Override
			public void onError(Throwable error) {
				update.completeExceptionally(error);
			}

			@Override
			public void onCompleted() {
				update.completeExceptionally(new IllegalStateException("the center ended the stream"));
			}
		});
		requests.get().onNext(ClientMessage.newBuilder()
			.setSubscribe(Subscribe.newBuilder()
				.setTarget(target)
				.setInstance(InstanceInfo.newBuilder().setInstanceId(instanceId))
				.setHeldVersion(version)
				.setHeldChecksum(checksum))
			.build());
		try {
			return update.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			requests.get().cancel("measured", null);
		}
	}

}
