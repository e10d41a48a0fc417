package io.mcpconfig.client.channel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.stub.MetadataUtils;

import io.mcpconfig.client.McpClientProperties;

/**
 * Builds the one gRPC channel a client uses to reach the config center: plain grpc-java
 * over Netty, every configured address behind one channel, keepalive on.
 */
public final class McpChannelFactory {

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	// gRPC servers refuse pings more often than every 5 minutes by default (GOAWAY
	// too_many_pings); the sync session's heartbeats detect a dead peer sooner anyway.
	private static final Duration KEEPALIVE_TIME = Duration.ofMinutes(5);

	private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(100);

	private McpChannelFactory() {
	}

	/**
	 * Opens a channel to the given addresses. The channel connects lazily, on its first
	 * call.
	 * @param addresses the config center addresses, in order of preference
	 * @param properties the client settings (timeouts, token)
	 * @return a new channel; the caller shuts it down
	 */
	@SuppressWarnings("deprecation") // a per-channel resolver; see ServerListNameResolver.Factory
	public static ManagedChannel create(List<ServerAddress> addresses, McpClientProperties properties) {
		NettyChannelBuilder builder = NettyChannelBuilder.forTarget(ServerListNameResolver.SCHEME + ":///servers")
			.nameResolverFactory(new ServerListNameResolver.Factory(addresses))
			.usePlaintext()
			.withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout(addresses, properties).toMillis()))
			.keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
			.keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.userAgent("mcp-config-client");
		String token = properties.getToken();
		if (token != null && !token.isBlank()) {
			Metadata headers = new Metadata();
			headers.put(AUTHORIZATION, "Bearer " + token.trim());
			builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
		}
		return builder.build();
	}

	/**
	 * The connect timeout per address: {@code mcp.client.connect-timeout}, at most an equal
	 * share of {@code mcp.client.request-timeout}. pick_first tries one address at a time,
	 * so only then can a start-up fetch whose first addresses drop SYNs still reach the last.
	 * @param addresses the config center addresses
	 * @param properties the client settings
	 * @return the timeout applied to each connection attempt
	 */
	static Duration connectTimeout(List<ServerAddress> addresses, McpClientProperties properties) {
		Duration share = properties.getRequestTimeout().dividedBy(addresses.size() + 1L);
		Duration timeout = properties.getConnectTimeout();
		if (share.compareTo(timeout) >= 0) {
			return timeout;
		}
		return (share.compareTo(MIN_CONNECT_TIMEOUT) > 0) ? share : MIN_CONNECT_TIMEOUT;
	}

}
