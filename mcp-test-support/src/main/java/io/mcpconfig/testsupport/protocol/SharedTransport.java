package io.mcpconfig.testsupport.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Attributes;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.MetadataUtils;

/**
 * What all the channels of one client process share, so that thousands of them stay
 * cheap: one Netty event loop group, one small pool for gRPC's callbacks (instead of
 * gRPC's default cached pool, which grows a thread per busy call), one timer, and the
 * {@code authorization} header. Each channel still is its own TCP connection, bound to
 * a source address of its own choosing so that no loopback address runs out of ports.
 */
public final class SharedTransport implements AutoCloseable {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private final EventLoopGroup eventLoops;

	private final Class<? extends Channel> channelType;

	private final ExecutorService callbacks;

	private final ScheduledThreadPoolExecutor timer;

	private final ClientInterceptor authorization;

	public SharedTransport(String token) {
		int cores = Runtime.getRuntime().availableProcessors();
		if (Epoll.isAvailable()) {
			this.eventLoops = new EpollEventLoopGroup(cores, daemon("client-loop-"));
			this.channelType = EpollSocketChannel.class;
		}
		else {
			this.eventLoops = new NioEventLoopGroup(cores, daemon("client-loop-"));
			this.channelType = NioSocketChannel.class;
		}
		this.callbacks = Executors.newFixedThreadPool(cores, daemon("client-callback-"));
		this.timer = new ScheduledThreadPoolExecutor(1, daemon("client-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, "Bearer " + token);
		this.authorization = MetadataUtils.newAttachHeadersInterceptor(headers);
	}

	/** A channel of its own to {@code center}, whose connection leaves from {@code source}. */
	public ManagedChannel channel(InetSocketAddress center, InetAddress source) {
		return NettyChannelBuilder.forAddress(center)
			.eventLoopGroup(this.eventLoops)
			.channelType(this.channelType)
			.executor(this.callbacks)
			.offloadExecutor(this.callbacks)
			.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
				@Override
				public SocketAddress createSocketAddress(SocketAddress remote, Attributes attributes) {
					return new InetSocketAddress(source, 0);
				}
			})
			.withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
			.intercept(this.authorization)
			.usePlaintext()
			// the clients' own back-off decides when to try again, as the starter's does
			.disableRetry()
			.build();
	}

	/** Heartbeats and reconnects of all clients: they only hand work to the clients. */
	public ScheduledExecutorService timer() {
		return this.timer;
	}

	@Override
	public void close() throws InterruptedException {
		this.timer.shutdownNow();
		this.callbacks.shutdown();
		this.eventLoops.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
			.await(SHUTDOWN_TIMEOUT.toMillis() + 1000);
		if (!this.callbacks.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.callbacks.shutdownNow();
		}
	}

	private static ThreadFactory daemon(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
