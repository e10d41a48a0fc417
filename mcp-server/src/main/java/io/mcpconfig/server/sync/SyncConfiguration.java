package io.mcpconfig.server.sync;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;

import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

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
	public PeerConnection peerConnection() {
		return new PeerConnection();
	}

	@Bean
	GrpcCallbackExecutor grpcCallbackExecutor(McpServerProperties properties) {
		return new GrpcCallbackExecutor(properties.sync().grpcThreads());
	}

	@Bean
	public GrpcServerHealthIndicator grpcServerHealthIndicator() {
		return new GrpcServerHealthIndicator();
	}

}
