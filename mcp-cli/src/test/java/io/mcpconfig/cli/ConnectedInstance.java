package io.mcpconfig.cli;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;
import io.mcpconfig.protocol.v1.Target;

/**
 * A real instance on the center's gRPC port: it subscribes with its id and labels and
 * acknowledges every update, so that {@code instances} and {@code gray status} have
 * someone to show.
 */
final class ConnectedInstance implements AutoCloseable {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ManagedChannel channel;

	private final StreamObserver<ClientMessage> requests;

	ConnectedInstance(RunningCenter center, String app, String env, String instanceId, Map<String, String> labels) {
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", center.grpcPort()).usePlaintext().build();
		Metadata token = new Metadata();
		token.put(AUTHORIZATION, "Bearer " + center.adminToken);
		this.requests = ConfigServiceGrpc.newStub(this.channel)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(token))
			.withDeadlineAfter(10, TimeUnit.MINUTES)
			.sync(new Acknowledging());
		send(ClientMessage.newBuilder()
			.setSubscribe(Subscribe.newBuilder()
				.setTarget(Target.newBuilder().setApp(app).setEnv(env))
				.setInstance(InstanceInfo.newBuilder()
					.setInstanceId(instanceId)
					.setHost("cli-test")
					.putAllLabels(labels)
					.setClientVersion("cli-test")))
			.build());
		send(ClientMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()).build());
	}

	/** gRPC's request observer takes one call at a time: the test thread and the response thread share it. */
	private synchronized void send(ClientMessage message) {
		this.requests.onNext(message);
	}

	@Override
	public void close() throws InterruptedException {
		synchronized (this) {
			this.requests.onCompleted();
		}
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	private final class Acknowledging implements StreamObserver<ServerMessage> {

		@Override
		public void onNext(ServerMessage message) {
			if (message.hasUpdate()) {
				ConfigUpdate update = message.getUpdate();
				send(ClientMessage.newBuilder()
					.setAck(Ack.newBuilder().setVersion(update.getVersion()).setNonce(update.getNonce()))
					.build());
			}
		}

		@Override
		public void onError(Throwable error) {
			// the channel is shut down at close; a test that needs the stream sees it missing in the listing
		}

		@Override
		public void onCompleted() {
		}

	}

}
