package io.mcpconfig.server.sync;

import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.event.EventListener;

/**
 * Health of the gRPC server through which clients fetch and sync: DOWN until it listens
 * and once it shuts down. The web server starts before the gRPC server (an earlier
 * lifecycle phase), so without this a load balancer or a client's start-up check would
 * see the center healthy while its gRPC port still refuses connections.
 */
public class GrpcServerHealthIndicator extends AbstractHealthIndicator {

	private volatile Listening listening;

	public GrpcServerHealthIndicator() {
		super("gRPC server health check failed");
	}

	@EventListener
	void started(GrpcServerStartedEvent event) {
		listening = new Listening(event.getAddress(), event.getPort());
	}

	@EventListener
	void shutdown(GrpcServerShutdownEvent event) {
		listening = null;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Listening now = listening;
		if (now == null) {
			builder.down().withDetail("reason", "the gRPC server is not listening");
		}
		else {
			builder.up().withDetail("address", now.address()).withDetail("port", now.port());
		}
	}

	private record Listening(String address, int port) {
	}

}
