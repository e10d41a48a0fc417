package io.mcpconfig.server.sync;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the tests of a center started by {@code @SpringBootTest} share: a file store in a
 * temporary directory ({@link DataDirectoryTests}), its gRPC port ({@code @Import(GrpcServerPort.class)} on the test),
 * channels to it with a token, and the sync clients opened, all closed after each test.
 */
public abstract class StartedCenterTests extends DataDirectoryTests {

	@Autowired
	protected GrpcServerPort grpcPort;

	private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

	private final List<SyncClient> clients = new CopyOnWriteArrayList<>();

	/** A new plaintext channel to the center whose calls carry this token's secret. */
	protected ManagedChannel channel(String secret) {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort.get())
			.usePlaintext()
			.intercept(TestTokens.sending(secret))
			.build();
		this.channels.add(channel);
		return channel;
	}

	/** A new channel whose calls carry the test admin token. */
	protected ManagedChannel adminChannel() {
		return channel(TestTokens.ADMIN);
	}

	/** Closes the client after the test. */
	protected SyncClient track(SyncClient client) {
		this.clients.add(client);
		return client;
	}

	/** The clients tracked so far, in the order they were. */
	protected List<SyncClient> clients() {
		return this.clients;
	}

	@AfterEach
	void closeClientsAndChannels() throws InterruptedException {
		this.clients.forEach(SyncClient::close);
		this.clients.clear();
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		this.channels.clear();
	}

}
