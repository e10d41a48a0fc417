package io.mcpconfig.server.sync;

import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** The port the test's gRPC server really listens on ({@code grpc.server.port=0}). */
@TestComponent
public class GrpcServerPort {

	private volatile int port;

	@EventListener
	void started(GrpcServerStartedEvent event) {
		port = event.getPort();
	}

	public int get() {
		if (port <= 0) {
			throw new IllegalStateException("the gRPC server has not started");
		}
		return port;
	}

}
