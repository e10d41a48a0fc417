package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
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
 * A real (in-process) gRPC server configured by {@link GrpcCallbackExecutor} calls its
 * services on the executor's threads, which end once it is destroyed.
 */
class GrpcCallbackExecutorTests {

	@Test
	void servicesAreCalledOnItsThreadsWhichEndWhenItIsDestroyed() throws Exception {
		AtomicReference<Thread> calledOn = new AtomicReference<>();
		ServerInterceptor recordThread = new ServerInterceptor() {
			@Override
			public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
					ServerCallHandler<Q, A> next) {
				calledOn.set(Thread.currentThread());
				return next.startCall(call, headers);
			}
		};
		GrpcCallbackExecutor callbacks = new GrpcCallbackExecutor(2);
		InProcessServerBuilder builder = InProcessServerBuilder.forName("callback-executor-test");
		callbacks.accept(builder);
		Server server = builder
			.addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), recordThread))
			.build()
			.start();
		ManagedChannel channel = InProcessChannelBuilder.forName("callback-executor-test").build();
		try {
			HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(5, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance());
			assertThat(answer.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			assertThat(calledOn.get().getName()).startsWith("mcp-grpc-");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		callbacks.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> !calledOn.get().isAlive());
	}

	@Test
	void oneThreadACoreUnlessGrpcThreadsSaysHowMany() {
		ApplicationContextRunner center = new ApplicationContextRunner()
			.withUserConfiguration(SyncConfiguration.class, PropertiesConfiguration.class);
		center.run((context) -> assertThat(context.getBean(GrpcCallbackExecutor.class).threads())
			.isEqualTo(Runtime.getRuntime().availableProcessors()));
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
