package io.mcpconfig.server.sync;

import java.time.Duration;

import net.devh.boot.grpc.server.config.GrpcServerProperties;
import net.devh.boot.grpc.server.serverfactory.GrpcServerLifecycle;
import net.devh.boot.grpc.server.serverfactory.InProcessGrpcServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indicator follows the events net.devh's own lifecycle publishes when a real
 * (in-process) gRPC server starts and stops.
 */
class GrpcServerHealthIndicatorTests {

	@Test
	void downUntilTheGrpcServerListensAndAgainOnceItShutsDown() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.registerBean(GrpcServerHealthIndicator.class);
			context.refresh();
			GrpcServerHealthIndicator indicator = context.getBean(GrpcServerHealthIndicator.class);
			GrpcServerLifecycle grpcServer = new GrpcServerLifecycle(
					new InProcessGrpcServerFactory("health-test", new GrpcServerProperties()), Duration.ofSeconds(1),
					context);

			Health beforeStart = indicator.health();
			assertThat(beforeStart.getStatus()).isEqualTo(Status.DOWN);
			assertThat(beforeStart.getDetails()).containsEntry("reason", "the gRPC server is not listening");

			grpcServer.start();
			try {
				Health listening = indicator.health();
				assertThat(listening.getStatus()).isEqualTo(Status.UP);
				assertThat(listening.getDetails()).containsEntry("address", "in-process:health-test");
			}
			finally {
				grpcServer.stop();
			}
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		}
	}

}
