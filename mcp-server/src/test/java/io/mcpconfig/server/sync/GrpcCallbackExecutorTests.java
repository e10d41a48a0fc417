package io.mcpconfig.server.sync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.mcpconfig.server.McpServerProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real gRPC server configured by {@link GrpcCallbackExecutor} calls its services on
 * Netty's event loops by default, or on threads of the executor's own, which end once it
 * is destroyed.
 */
class GrpcCallbackExecutorTests {

	@Test
	void byDefaultServicesAreCalledOnNettysEventLoops() throws Exception {
		GrpcCallbackExecutor callbacks = new GrpcCallbackExecutor(0);
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread calledOn = callOnce(callbacks, builder, (server) -> NettyChannelBuilder
			.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()))
			.usePlaintext()
			.build());
		assertThat(calledOn.getName()).startsWith("grpc-default-worker-ELG-");
		callbacks.destroy();
	}

	@Test
	void withThreadsServicesAreCalledOnThemAndTheyEndWhenItIsDestroyed() throws Exception {
		GrpcCallbackExecutor callbacks = new GrpcCallbackExecutor(2);
		Thread calledOn = callOnce(callbacks, InProcessServerBuilder.forName("callback-executor-test"),
				(server) -> InProcessChannelBuilder.forName("callback-executor-test").build());
		assertThat(calledOn.getName()).startsWith("mcp-grpc-");
		callbacks.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> !calledOn.isAlive());
	}

	/** Starts a server configured by {@code callbacks}, calls it once, stops it: the thread that called the service. */
	private static Thread callOnce(GrpcCallbackExecutor callbacks, ServerBuilder<?> builder,
			Function<Server, ManagedChannel> channelTo) throws Exception {
		AtomicReference<Thread> calledOn = new AtomicReference<>();
		ServerInterceptor recordThread = new ServerInterceptor() {
			@Override
			public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
					ServerCallHandler<Q, A> next) {
				calledOn.set(Thread.currentThread());
				return next.startCall(call, headers);
			}
		};
		callbacks.accept(builder);
		Server server = builder
			.addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), recordThread))
			.build()
			.start();
		ManagedChannel channel = channelTo.apply(server);
		try {
			HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(5, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance());
			assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			return calledOn.get();
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void theEventLoopsUnlessGrpcThreadsSaysHowMany() {
		ApplicationContextRunner center = new ApplicationContextRunner()
			.withUserConfiguration(SyncConfiguration.class, PropertiesConfiguration.class);
		center.run((context) -> assertThat(context.getBean(GrpcCallbackExecutor.class).threads()).isZero());
		center.withPropertyValues("mcp.server.sync.grpc-threads=3")
			.run((context) -> assertThat(context.getBean(GrpcCallbackExecutor.class).threads()).isEqualTo(3));
		center.withPropertyValues("mcp.server.sync.grpc-threads=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mcp.server.sync.grpcThreads"));
	}

	@EnableConfigurationProperties(McpServerProperties.class)
	@ImportAutoConfiguration(ValidationAutoConfiguration.class)
	static class PropertiesConfiguration {

	}

}
