package io.mcpconfig.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ClientMessage;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.Heartbeat;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.ServerMessage;
import io.mcpconfig.protocol.v1.Subscribe;

/**
 * A real gRPC config center on a loopback port, driven by the test: it holds one current
 * release, answers {@code Fetch} with it, sends it in full to a subscriber that holds an
 * older version, answers heartbeats as a center would, and records every client message. Tests push raw
 * updates, break streams, change how heartbeats are answered and take its store down.
 */
public final class TestConfigServer implements AutoCloseable {

	private final Server server;

	// kept: gRPC's server forgets its port once it is shut down
	private final int port;

	private final List<FetchRequest> fetches = new CopyOnWriteArrayList<>();

	private final AtomicInteger nonces = new AtomicInteger();

	private final List<ClientMessage> received = new CopyOnWriteArrayList<>();

	private final Set<Session> sessions = ConcurrentHashMap.newKeySet();

	private volatile Release current = new Release(0, Map.of());

	private volatile Runnable afterFetch = () -> {
	};

	/** Fetches still to answer RESOURCE_EXHAUSTED, and the retry hint they carry. */
	private final AtomicInteger fetchesToRefuse = new AtomicInteger();

	private volatile long refusalPushbackMillis;

	/** Whether every Fetch and Subscribe is answered as by a center whose store is down. */
	private volatile boolean storeDown;

	private final AtomicInteger unavailableFetches = new AtomicInteger();

	private volatile boolean fetchesHang;

	private volatile Duration fetchDelay = Duration.ZERO;

	/** Fetches taken and never answered; the client's deadline cancels them. */
	private final AtomicInteger unansweredFetches = new AtomicInteger();

	private final AtomicInteger unavailableSubscribes = new AtomicInteger();

	/** What every Subscribe is answered with, as a center refusing the instance; {@code null}: taken. */
	private volatile Status subscribeRefusal;

	/** What every Fetch is answered with, as a center refusing the instance; {@code null}: served. */
	private volatile Status fetchRefusal;

	/** When each refused Subscribe came ({@code nanoTime}). */
	private final List<Long> refusedSubscribes = new CopyOnWriteArrayList<>();

	private volatile Consumer<Ack> onAck = (ack) -> {
	};

	/** How a test answers heartbeats; {@code null}: as a center would ({@link #answerAsACenter}). */
	private volatile Function<Heartbeat, HeartbeatAck> heartbeatAnswer;

	/** Connections of clients open now. */
	private final AtomicInteger connections = new AtomicInteger();

	/** Connections clients made so far. */
	private final AtomicInteger connectionsMade = new AtomicInteger();

	/** The subject of each client certificate a call came with, in order. */
	private final List<String> clientCertificates = new CopyOnWriteArrayList<>();

	private TestConfigServer(int port, ServerCredentials credentials) {
		this("127.0.0.1", port, credentials);
	}

	private TestConfigServer(String host, int port, ServerCredentials credentials) {
		try {
			this.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials)
				.addService(ServerInterceptors.intercept(new Service(), new RecordClientCertificate()))
				.addTransportFilter(new CountConnections())
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = this.server.getPort();
	}

	/** Starts a server on a free port. */
	public static TestConfigServer start() {
		return new TestConfigServer(0, InsecureServerCredentials.create());
	}

	/** Starts a server on the given port. */
	public static TestConfigServer startOn(int port) {
		return new TestConfigServer(port, InsecureServerCredentials.create());
	}

	/** Starts a server on the given loopback address ({@code 127.0.0.2}, say) and port; 0 takes a free one. */
	public static TestConfigServer startOn(String host, int port) {
		return new TestConfigServer(host, port, InsecureServerCredentials.create());
	}

	/** Starts a server on a free port that speaks TLS ({@code TlsServerCredentials}) only. */
	public static TestConfigServer startTls(ServerCredentials tls) {
		return startTlsOn(0, tls);
	}

	/** Starts a server on the given port that speaks TLS ({@code TlsServerCredentials}) only. */
	public static TestConfigServer startTlsOn(int port, ServerCredentials tls) {
		return new TestConfigServer(port, tls);
	}

	/** The subjects of the client certificates calls came with, in order. */
	public List<String> clientCertificates() {
		return List.copyOf(this.clientCertificates);
	}

	public int port() {
		return this.port;
	}

	/** {@code 127.0.0.1:port}, for {@code mcp.client.server-addresses}. */
	public String address() {
		return "127.0.0.1:" + port();
	}

	/** Makes the properties the next release without pushing it; returns its version. */
	public long setRelease(Map<String, String> properties) {
		Release release = new Release(this.current.version + 1, Map.copyOf(properties));
		this.current = release;
		return release.version;
	}

	/** Makes the properties the next release and pushes it in full to every open session. */
	public ConfigUpdate publish(Map<String, String> properties) {
		long version = setRelease(properties);
		ConfigUpdate update = full(version, properties);
		push(update);
		return update;
	}

	public long currentVersion() {
		return this.current.version;
	}

	/** Sends an update to every open session, whatever it says. */
	public void push(ConfigUpdate update) {
		ServerMessage message = ServerMessage.newBuilder().setUpdate(update).build();
		this.sessions.forEach((session) -> session.send(message));
	}

	/** A full update with the right checksum and a fresh nonce. */
	public ConfigUpdate full(long version, Map<String, String> properties) {
		return ConfigUpdate.newBuilder()
			.setVersion(version)
			.setChecksum(ConfigChecksum.of(properties))
			.setNonce(nextNonce())
			.setFull(true)
			.putAllUpserts(properties)
			.setPublishedAtMillis(System.currentTimeMillis())
			.setOrigin("release")
			.build();
	}

	/** A delta update claiming the given checksum, with a fresh nonce. */
	public ConfigUpdate delta(long baseVersion, long version, Map<String, String> upserts, List<String> removals,
			String checksum) {
		return ConfigUpdate.newBuilder()
			.setVersion(version)
			.setChecksum(checksum)
			.setNonce(nextNonce())
			.setFull(false)
			.setBaseVersion(baseVersion)
			.putAllUpserts(upserts)
			.addAllRemovals(removals)
			.setPublishedAtMillis(System.currentTimeMillis())
			.setOrigin("release")
			.build();
	}

	private String nextNonce() {
		return "nonce-" + this.nonces.incrementAndGet();
	}

	/**
	 * Answers the next fetches {@code RESOURCE_EXHAUSTED} with a retry hint, as a center
	 * whose store-read queue is full does.
	 */
	public void refuseFetches(int times, Duration pushback) {
		this.refusalPushbackMillis = pushback.toMillis();
		this.fetchesToRefuse.set(times);
	}

	/**
	 * Answers every Fetch and every Subscribe {@code UNAVAILABLE}, as a center replica
	 * cut off from its store (etcd) does, while its connections stay up; sessions already
	 * open go on, their heartbeats answered {@code store_unavailable}, naming no release.
	 */
	public void storeDown() {
		this.storeDown = true;
	}

	/** Serves again: the store is back. */
	public void storeUp() {
		this.storeDown = false;
	}

	/**
	 * Takes every fetch and never answers it, as a center whose store hangs answers only when
	 * its own store deadline ends, after the client gave up.
	 */
	public void hangFetches() {
		this.fetchesHang = true;
	}

	/** Answers every fetch only after {@code delay}, as a center on a slow store. */
	public void delayFetches(Duration delay) {
		this.fetchDelay = delay;
	}

	/** How many fetches were taken and never answered ({@link #hangFetches}). */
	public int unansweredFetches() {
		return this.unansweredFetches.get();
	}

	/** How many fetches were answered UNAVAILABLE because the store was down. */
	public int unavailableFetches() {
		return this.unavailableFetches.get();
	}

	/**
	 * Ends every Subscribe with {@code refusal}, as a center refusing the instance as it is
	 * (its token, its description) does; {@code null} takes them again.
	 */
	public void refuseSubscribes(Status refusal) {
		this.subscribeRefusal = refusal;
	}

	/** Ends every Fetch with {@code refusal}; {@code null} serves them again. */
	public void refuseFetchesWith(Status refusal) {
		this.fetchRefusal = refusal;
	}

	/** When each Subscribe refused by {@link #refuseSubscribes} came, as {@code nanoTime}, in order. */
	public List<Long> refusedSubscribes() {
		return this.refusedSubscribes;
	}

	/** How many subscriptions were answered UNAVAILABLE because the store was down. */
	public int unavailableSubscribes() {
		return this.unavailableSubscribes.get();
	}

	/** What the center answers when its store cannot be read (its words, as the real center's). */
	private static Status storeUnavailable() {
		return Status.UNAVAILABLE.withDescription("the release store is unavailable: etcd cut off by the test"
				+ "; keep the configuration you hold and try again");
	}

	/** Runs after each Fetch has been answered. */
	public void afterFetch(Runnable action) {
		this.afterFetch = action;
	}

	/** Runs as each ACK arrives, before it is recorded: what the instance holds when it acknowledges. */
	public void onAck(Consumer<Ack> action) {
		this.onAck = action;
	}

	/** Answers every heartbeat with this version and checksum, whatever the instance holds. */
	public void answerHeartbeatsWith(long version, String checksum) {
		answerHeartbeatsWith(version, checksum, false);
	}

	/**
	 * Answers every heartbeat with this version and checksum, whatever the instance holds,
	 * saying whether an update is on its way to the instance.
	 */
	public void answerHeartbeatsWith(long version, String checksum, boolean updatePending) {
		this.heartbeatAnswer = (heartbeat) -> HeartbeatAck.newBuilder()
			.setCurrentVersion(version)
			.setCurrentChecksum(checksum)
			.setServerTimeMillis(System.currentTimeMillis())
			.setUpdatePending(updatePending)
			.build();
	}

	/** Stops answering heartbeats, as a hung server would. */
	public void ignoreHeartbeats() {
		this.heartbeatAnswer = (heartbeat) -> null;
	}

	/** Ends every open session with UNAVAILABLE, as a lost connection would. */
	public void breakStreams() {
		for (Session session : this.sessions) {
			this.sessions.remove(session);
			session.fail(Status.UNAVAILABLE.withDescription("broken by the test"));
		}
	}

	public int fetchCount() {
		return this.fetches.size();
	}

	public List<FetchRequest> fetchRequests() {
		return List.copyOf(this.fetches);
	}

	/** How many client connections are open: a client whose channel is shut down has none. */
	/** How many connections clients made so far, open or not. */
	public int connectionsMade() {
		return this.connectionsMade.get();
	}

	public int openConnections() {
		return this.connections.get();
	}

	public int openSessions() {
		return this.sessions.size();
	}

	public List<Subscribe> subscribes() {
		return this.received.stream().filter(ClientMessage::hasSubscribe).map(ClientMessage::getSubscribe).toList();
	}

	public List<Ack> acks() {
		return this.received.stream().filter(ClientMessage::hasAck).map(ClientMessage::getAck).toList();
	}

	public List<Nack> nacks() {
		return this.received.stream().filter(ClientMessage::hasNack).map(ClientMessage::getNack).toList();
	}

	public List<Heartbeat> heartbeats() {
		return this.received.stream().filter(ClientMessage::hasHeartbeat).map(ClientMessage::getHeartbeat).toList();
	}

	/** Waits until {@code count} subscriptions have been received. */
	public void awaitSubscribed(int count) {
		eventually().until(() -> subscribes().size() >= count);
	}

	/** Waits for the ACK of an update. */
	public void awaitAck(ConfigUpdate update) {
		eventually().until(() -> acks()
			.contains(Ack.newBuilder().setVersion(update.getVersion()).setNonce(update.getNonce()).build()));
	}

	/** Waits for the NACK of an update and returns it. */
	public Nack awaitNack(ConfigUpdate update) {
		eventually().until(() -> nacks().stream().anyMatch((nack) -> nack.getNonce().equals(update.getNonce())));
		return nacks().stream().filter((nack) -> nack.getNonce().equals(update.getNonce())).findFirst().orElseThrow();
	}

	/** A loopback port nothing listens on, for a config center that is down. */
	public static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** How tests wait for the client: polled often, bounded. */
	public static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20));
	}

	@Override
	public void close() {
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The current release, and whether an update sent to the session is still unanswered,
	 * as the center answers; what the instance holds when it holds a newer version, which
	 * only an update a test pushed raw can give it.
	 */
	private HeartbeatAck answerAsACenter(Session session, Heartbeat heartbeat) {
		Release release = this.current;
		HeartbeatAck.Builder answer = HeartbeatAck.newBuilder()
			.setServerTimeMillis(System.currentTimeMillis())
			.setServerId("test");
		if (this.storeDown) {
			return answer.setStoreUnavailable(true).build();
		}
		if (heartbeat.getHeldVersion() > release.version) {
			return answer.setCurrentVersion(heartbeat.getHeldVersion())
				.setCurrentChecksum(heartbeat.getHeldChecksum())
				.build();
		}
		return answer.setCurrentVersion(release.version)
			.setCurrentChecksum(ConfigChecksum.of(release.properties))
			.setUpdatePending(session.awaitsAnswer())
			.build();
	}

	private record Release(long version, Map<String, String> properties) {
	}

	private final class RecordClientCertificate implements ServerInterceptor {

		@Override
		public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
				ServerCallHandler<Q, A> next) {
			SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
			if (session != null) {
				try {
					TestConfigServer.this.clientCertificates
						.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
				}
				catch (SSLPeerUnverifiedException ex) {
					// no client certificate
				}
			}
			return next.startCall(call, headers);
		}

	}

	private final class Service extends ConfigServiceGrpc.ConfigServiceImplBase {

		@Override
		public void fetch(FetchRequest request, StreamObserver<ConfigSnapshot> responses) {
			if (TestConfigServer.this.fetchesHang) {
				TestConfigServer.this.unansweredFetches.incrementAndGet();
				return;
			}
			Duration delay = TestConfigServer.this.fetchDelay;
			if (delay.isZero()) {
				answer(request, responses);
			}
			else {
				CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
					.execute(() -> answer(request, responses));
			}
		}

		private void answer(FetchRequest request, StreamObserver<ConfigSnapshot> responses) {
			Status refusal = TestConfigServer.this.fetchRefusal;
			if (refusal != null) {
				responses.onError(refusal.asRuntimeException());
				return;
			}
			if (TestConfigServer.this.storeDown) {
				TestConfigServer.this.unavailableFetches.incrementAndGet();
				responses.onError(storeUnavailable().asRuntimeException());
				return;
			}
			Release release = TestConfigServer.this.current;
			TestConfigServer.this.fetches.add(request);
			if (TestConfigServer.this.fetchesToRefuse.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				Metadata trailers = new Metadata();
				trailers.put(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER),
						Long.toString(TestConfigServer.this.refusalPushbackMillis));
				responses.onError(Status.RESOURCE_EXHAUSTED.withDescription("busy reading the store")
					.asRuntimeException(trailers));
				return;
			}
			responses.onNext(ConfigSnapshot.newBuilder()
				.setTarget(request.getTarget())
				.setVersion(release.version)
				.setChecksum(ConfigChecksum.of(release.properties))
				.putAllProperties(release.properties)
				.setPublishedAtMillis(System.currentTimeMillis())
				.setOrigin("release")
				.build());
			responses.onCompleted();
			TestConfigServer.this.afterFetch.run();
		}

		@Override
		public StreamObserver<ClientMessage> sync(StreamObserver<ServerMessage> responses) {
			Session session = new Session(responses);
			TestConfigServer.this.sessions.add(session);
			return new StreamObserver<>() {

				@Override
				public void onNext(ClientMessage message) {
					if (session.isClosed()) {
						return;
					}
					Status refusal = TestConfigServer.this.subscribeRefusal;
					if (message.hasSubscribe() && refusal != null) {
						TestConfigServer.this.refusedSubscribes.add(System.nanoTime());
						TestConfigServer.this.sessions.remove(session);
						session.fail(refusal);
						return;
					}
					if (message.hasSubscribe() && TestConfigServer.this.storeDown) {
						// the center reads the target at subscribe, and cannot
						TestConfigServer.this.unavailableSubscribes.incrementAndGet();
						TestConfigServer.this.sessions.remove(session);
						session.fail(storeUnavailable());
						return;
					}
					if (message.hasAck()) {
						TestConfigServer.this.onAck.accept(message.getAck());
					}
					if (message.hasAck() || message.hasNack()) {
						session.answered();
					}
					TestConfigServer.this.received.add(message);
					if (message.hasSubscribe()) {
						Release release = TestConfigServer.this.current;
						if (message.getSubscribe().getHeldVersion() < release.version) {
							session.send(ServerMessage.newBuilder()
								.setUpdate(full(release.version, release.properties))
								.build());
						}
					}
					else if (message.hasHeartbeat()) {
						Function<Heartbeat, HeartbeatAck> byTest = TestConfigServer.this.heartbeatAnswer;
						HeartbeatAck answer = (byTest != null) ? byTest.apply(message.getHeartbeat())
								: answerAsACenter(session, message.getHeartbeat());
						if (answer != null) {
							session.send(ServerMessage.newBuilder().setHeartbeatAck(answer).build());
						}
					}
				}

				@Override
				public void onError(Throwable error) {
					TestConfigServer.this.sessions.remove(session);
				}

				@Override
				public void onCompleted() {
					TestConfigServer.this.sessions.remove(session);
					session.complete();
				}

			};
		}

	}

	/** One open Sync call; sends are serialized as gRPC requires. */
	private static final class Session {

		private final StreamObserver<ServerMessage> responses;

		private boolean closed;

		private boolean awaitsAnswer;

		Session(StreamObserver<ServerMessage> responses) {
			this.responses = responses;
		}

		synchronized void send(ServerMessage message) {
			if (!this.closed) {
				try {
					this.responses.onNext(message);
					if (message.hasUpdate()) {
						this.awaitsAnswer = true;
					}
				}
				catch (RuntimeException ex) {
					// the client cancelled the call meanwhile
					this.closed = true;
				}
			}
		}

		/** Whether an update was sent on this call and neither ACKed nor NACKed since. */
		synchronized boolean awaitsAnswer() {
			return this.awaitsAnswer;
		}

		synchronized void answered() {
			this.awaitsAnswer = false;
		}

		synchronized boolean isClosed() {
			return this.closed;
		}

		synchronized void fail(Status status) {
			if (!this.closed) {
				this.closed = true;
				this.responses.onError(status.asRuntimeException());
			}
		}

		synchronized void complete() {
			if (!this.closed) {
				this.closed = true;
				this.responses.onCompleted();
			}
		}

	}

	private final class CountConnections extends ServerTransportFilter {

		@Override
		public Attributes transportReady(Attributes transportAttrs) {
			TestConfigServer.this.connections.incrementAndGet();
			TestConfigServer.this.connectionsMade.incrementAndGet();
			return transportAttrs;
		}

		@Override
		public void transportTerminated(Attributes transportAttrs) {
			TestConfigServer.this.connections.decrementAndGet();
		}

	}

}
