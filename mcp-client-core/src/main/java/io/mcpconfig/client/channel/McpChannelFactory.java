package io.mcpconfig.client.channel;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import org.apache.commons.logging.Log;

import org.springframework.boot.ssl.SslOptions;

import io.mcpconfig.client.McpClientProperties;

/**
 * Builds the one gRPC channel a client uses to reach the config center: plain grpc-java
 * over Netty, every configured address behind one channel, keepalive on, TLS with the
 * {@code mcp.client.ssl.bundle} when one is named.
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
	 * @param rotation the config center addresses, in the order to try them
	 * @param properties the client settings (timeouts, token)
	 * @param ssl the SSL bundle of the channel's TLS, or {@code null} for plaintext
	 * @param log where to warn that a token would travel in clear text (at start-up, a
	 * deferred log)
	 * @return a new channel; the caller shuts it down
	 * @throws ClientSslBundleException if TLS cannot be set up with the bundle
	 */
	@SuppressWarnings("deprecation") // a per-channel resolver; see ServerListNameResolver.Factory
	public static ManagedChannel create(ServerRotation rotation, McpClientProperties properties, ClientSslBundle ssl,
			Log log) {
		List<ServerAddress> addresses = rotation.addresses();
		NettyChannelBuilder builder = NettyChannelBuilder.forTarget(ServerListNameResolver.SCHEME + ":///servers")
			.nameResolverFactory(new ServerListNameResolver.Factory(rotation))
			.withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout(addresses, properties).toMillis()))
			.keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
			.keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			// gRPC's default of 4 MiB is no more than a release the center accepts by default
			// (max-release-size, 4 MiB of keys and values before the message's own framing), and
			// a center may raise that. The peer is the config center, which the application
			// trusts with its whole configuration anyway.
			.maxInboundMessageSize(Integer.MAX_VALUE)
			.userAgent("mcp-config-client");
		String token = properties.getToken();
		boolean sendsToken = token != null && !token.isBlank();
		if (ssl != null) {
			builder.sslContext(sslContext(ssl));
		}
		else {
			builder.usePlaintext();
			if (sendsToken) {
				log.warn("mcp.client.token is sent in clear text to " + addresses + "; set " + ClientSslBundle.PROPERTY
						+ " to talk to the config center over TLS");
			}
		}
		if (sendsToken) {
			Metadata headers = new Metadata();
			headers.put(AUTHORIZATION, "Bearer " + token.trim());
			builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
		}
		return builder.build();
	}

	/**
	 * The channel's TLS: the bundle's trust material verifies the center's certificate (gRPC
	 * checks the host name too), its key material, if any, is the client certificate (both
	 * as currently renewed), and its protocols and ciphers, when set, are the only ones
	 * offered.
	 */
	private static SslContext sslContext(ClientSslBundle ssl) {
		SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(ssl.tls().trustManager());
		if (ssl.hasClientCertificate()) {
			builder.keyManager(ssl.tls().keyManager());
		}
		SslOptions options = ssl.bundle().getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(Arrays.asList(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException | RuntimeException ex) {
			throw new ClientSslBundleException(
					"The " + ssl + " (" + ClientSslBundle.PROPERTY + ") cannot set up TLS: " + ex.getMessage(), ex);
		}
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
