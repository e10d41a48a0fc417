package io.mcpconfig.server.sync;

import io.grpc.ServerBuilder;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;

import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * This replica's {@link ServerId}, shared by the sessions and the instance registry, the
 * threads its gRPC server calls the services on, and the health of that server.
 */
@Configuration(proxyBeanMethods = false)
public class SyncConfiguration {

	@Bean
	public ServerId serverId(McpServerProperties properties, Environment environment) {
		return ServerId.of(properties.id(), environment.getProperty("grpc.server.port", Integer.class, 9090));
	}

	@Bean
	@GrpcGlobalServerInterceptor
	public PeerHost peerHost() {
		return new PeerHost();
	}

	/**
	 * gRPC calls the services on the transport's threads instead of handing every message
	 * to a thread pool first: at 20 000 idle streams that halves the center's CPU (see
	 * docs/benchmarks.md). Nothing there may wait: a session hands its work to its serial
	 * executor, and store reads, a {@code Fetch}'s too, go to the read workers.
	 */
	@Bean
	public GrpcServerConfigurer callbacksOnTransportThreads() {
		return ServerBuilder::directExecutor;
	}

	@Bean
	public GrpcServerHealthIndicator grpcServerHealthIndicator() {
		return new GrpcServerHealthIndicator();
	}

}
