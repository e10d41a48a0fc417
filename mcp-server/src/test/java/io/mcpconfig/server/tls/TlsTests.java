package io.mcpconfig.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.nio.file.StandardCopyOption;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.sync.GrpcServerPort;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.tls.TestCertificates;
import io.mcpconfig.testsupport.tls.TestCertificates.KeyPairFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Both ports of a real center over TLS with certificates the test makes: the admin API on
 * Spring Boot's {@code server.ssl.bundle}, the gRPC port on
 * {@code mcp.server.grpc.ssl.bundle} with {@code client-auth=need} (mutual TLS). Real
 * handshakes on loopback ports, with clients that trust the center's CA or another one,
 * and with or without a client certificate; the center's certificate renewed in place
 * ({@code reload-on-update}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class TlsTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final String YAML = "greeting: hello over TLS\n";

	private static final String SERVES_RENEWED = "The gRPC port serves the renewed SSL bundle 'center'";

	private Path dir;

	private TestCertificates ca;

	private TestCertificates otherCa;

	private KeyPairFiles centerCertificate;

	private KeyPairFiles clientCertificate;

	private ConfigurableApplicationContext center;

	/** An admin's HTTPS client: it trusts the test's CA only. */
	private HttpClient https;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@BeforeAll
	void startCenterWithTlsOnBothPorts(@TempDir Path dir) throws IOException {
		this.dir = dir;
		this.ca = TestCertificates.authority(Files.createDirectories(dir.resolve("ca")), "MCP Test CA");
		this.otherCa = TestCertificates.authority(Files.createDirectories(dir.resolve("other")), "Other CA");
		this.centerCertificate = this.ca.serverCertificate("center");
		this.clientCertificate = this.ca.clientCertificate("orders-instance");
		this.https = HttpClient.newBuilder().sslContext(this.ca.trustingContext()).connectTimeout(DEADLINE).build();
		this.center = start(dir.resolve("data"), Stream
			.concat(this.ca.pemBundle("center", this.centerCertificate).stream(),
					Stream.of("server.ssl.bundle=center", "mcp.server.grpc.ssl.bundle=center",
							"mcp.server.grpc.ssl.client-auth=need", "spring.ssl.bundle.pem.center.reload-on-update=true",
							"spring.ssl.bundle.watch.file.quiet-period=100ms"))
			.toList());
	}

	@AfterAll
	void stopCenter() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.center != null) {
			this.center.close();
		}
	}

	@Test
	void adminApiAnswersOverHttpsWithTheCentersCertificate() throws Exception {
		publishOverHttps("tls", YAML);
		// by IP address too: the certificate names both
		HttpResponse<String> read = this.https.send(
				admin("https://127.0.0.1:" + httpPort() + "/api/v1/configs/tls/dev").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.body()).contains("hello over TLS");
	}

	@Test
	void adminPortRefusesPlainHttp() throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
		HttpResponse<String> answer = http.send(
				admin("http://127.0.0.1:" + httpPort() + "/api/v1/configs/tls/dev").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("requires TLS").doesNotContain("greeting");
	}

	@Test
	void adminApiIsUnreachableForAClientThatDoesNotTrustTheCentersCa() {
		HttpClient https = HttpClient.newBuilder()
			.sslContext(this.otherCa.trustingContext())
			.connectTimeout(DEADLINE)
			.build();
		assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(() -> https.send(
				admin("https://localhost:" + httpPort() + "/actuator/health").GET().build(),
				HttpResponse.BodyHandlers.ofString()));
	}

	@Test
	void grpcFetchesAndSyncsOverMutualTls() throws Exception {
		publishOverHttps("mtls", "greeting: first\n");
		ManagedChannel channel = channel(trustingCa().keyManager(this.clientCertificate.certificate().toFile(),
				this.clientCertificate.privateKey().toFile()));
		assertThat(fetch(channel, "mtls").getPropertiesMap()).containsEntry("greeting", "first");
		try (SyncClient sync = SyncClient.autoAcking(channel)) {
			sync.subscribe("mtls", "dev", "tls-instance");
			assertThat(sync.awaitUpdate(1).getUpsertsMap()).containsEntry("greeting", "first");
			publishOverHttps("mtls", "greeting: second\n");
			assertThat(sync.awaitUpdate(2).getUpsertsMap()).containsEntry("greeting", "second");
		}
	}

	@Test
	void grpcServesARenewedCertificateFromTheNextHandshake() throws Exception {
		publishOverHttps("renewal", "greeting: renewed\n");
		ManagedChannel before = mutualTlsChannel();
		String served = servedCertificate(before);
		KeyPairFiles renewed = this.ca.serverCertificate("center-renewed-" + System.nanoTime());
		// as cert-manager renews a secret: the key, then the certificate, in place
		Files.copy(renewed.privateKey(), this.centerCertificate.privateKey(), StandardCopyOption.REPLACE_EXISTING);
		Files.copy(renewed.certificate(), this.centerCertificate.certificate(), StandardCopyOption.REPLACE_EXISTING);
		String renewedSubject = subject(renewed.certificate());
		assertThat(renewedSubject).isNotEqualTo(served);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(servedCertificate(mutualTlsChannel())).isEqualTo(renewedSubject));
		// a connection made before keeps working
		assertThat(fetch(before, "renewal").getPropertiesMap()).containsEntry("greeting", "renewed");
	}

	@Test
	void aRenewedCertificateWithoutItsKeyIsRefusedAndThePreviousOneStays(CapturedOutput output) throws Exception {
		String served = servedCertificate(mutualTlsChannel());
		byte[] matching = Files.readAllBytes(this.centerCertificate.certificate());
		KeyPairFiles stray = this.ca.serverCertificate("center-without-its-key-" + System.nanoTime());
		Files.copy(stray.certificate(), this.centerCertificate.certificate(), StandardCopyOption.REPLACE_EXISTING);
		try {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> output.getAll().contains("The renewed SSL bundle 'center' cannot serve the gRPC port, which "
						+ "keeps the previous certificate and trust store: The SSL bundle 'center' "
						+ "(mcp.server.grpc.ssl.bundle) cannot serve TLS: the private key does not belong to the "
						+ "certificate CN=center-without-its-key-"));
			assertThat(servedCertificate(mutualTlsChannel())).isEqualTo(served);
		}
		finally {
			// the output holds the class's whole run: an earlier test's renewal logged this line too
			int servedBefore = occurrences(output.getAll(), SERVES_RENEWED);
			Files.write(this.centerCertificate.certificate(), matching);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> occurrences(output.getAll(), SERVES_RENEWED) > servedBefore);
		}
	}

	@Test
	void aClientCaAddedByARenewalIsAcceptedFromTheNextHandshake(CapturedOutput output) throws Exception {
		KeyPairFiles newcomer = this.otherCa.clientCertificate("newcomer");
		SslContextBuilder newcomerTls = trustingCa().keyManager(newcomer.certificate().toFile(),
				newcomer.privateKey().toFile());
		publishOverHttps("newcomer", YAML);
		byte[] trusted = Files.readAllBytes(this.ca.caCertificate());
		try {
			renewTrust(output, concat(trusted, Files.readAllBytes(this.otherCa.caCertificate())));
			assertThat(fetch(channel(newcomerTls), "newcomer").getPropertiesMap()).containsEntry("greeting",
					"hello over TLS");
		}
		finally {
			renewTrust(output, trusted);
		}
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> fetch(channel(newcomerTls), "newcomer"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void aRenewalThatDropsACaEndsItsClientsSessionsAndRefusesTheirNextCallsOnTheSameConnection(
			CapturedOutput output) throws Exception {
		publishOverHttps("dropped", "greeting: before\n");
		KeyPairFiles dropped = this.otherCa.clientCertificate("of-the-dropped-ca");
		ManagedChannel droppedChannel = channel(
				trustingCa().keyManager(dropped.certificate().toFile(), dropped.privateKey().toFile()));
		// as some clients do, it sends a certificate of no use beside its own: handshakes accept that
		X509Certificate unrelated = certificate(TestCertificates
			.authority(Files.createDirectories(this.dir.resolve("unrelated")), "Unrelated CA")
			.caCertificate());
		ManagedChannel keptChannel = channel(trustingCa().keyManager(presenting(
				List.of(certificate(this.clientCertificate.certificate()), unrelated),
				PemContent.load(this.clientCertificate.privateKey()).getPrivateKey())));
		byte[] trusted = Files.readAllBytes(this.ca.caCertificate());
		try (SyncClient kept = SyncClient.autoAcking(keptChannel)) {
			kept.subscribe("dropped", "dev", "kept-instance");
			assertThat(kept.awaitUpdate(1).getUpsertsMap()).containsEntry("greeting", "before");
			renewTrust(output, concat(trusted, Files.readAllBytes(this.otherCa.caCertificate())));
			// a renewal that only adds a CA leaves the kept connection served
			assertThat(fetch(keptChannel, "dropped").getPropertiesMap()).containsEntry("greeting", "before");
			try (SyncClient doomed = SyncClient.autoAcking(droppedChannel)) {
				doomed.subscribe("dropped", "dev", "doomed-instance");
				assertThat(doomed.awaitUpdate(1).getUpsertsMap()).containsEntry("greeting", "before");
				// a renewal that only adds a CA ends nothing
				assertThat(doomed.closedWith()).isNull();

				renewTrust(output, trusted);
				Status ended = doomed.awaitClosed(DEADLINE);
				assertThat(ended.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
				assertThat(ended.getDescription()).startsWith("the client certificate CN=of-the-dropped-ca is no "
						+ "longer trusted: the SSL bundle 'center' of the center's gRPC port was renewed without a "
						+ "CA that issued it (");
				assertThat(output.getAll()).contains("Ended 1 sync session(s) whose client certificates the "
						+ "renewed trust store of the gRPC port no longer trusts");
			}
			// the same connection, still open: its next call is refused too
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch(droppedChannel, "dropped"))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			// a client of a CA still trusted keeps its session and its connection
			publishOverHttps("dropped", "greeting: after\n");
			assertThat(kept.awaitUpdate(2).getUpsertsMap()).containsEntry("greeting", "after");
			assertThat(kept.closedWith()).isNull();
			assertThat(fetch(keptChannel, "dropped").getPropertiesMap()).containsEntry("greeting", "after");
		}
		finally {
			if (!Arrays.equals(Files.readAllBytes(this.ca.caCertificate()), trusted)) {
				renewTrust(output, trusted);
			}
		}
	}

	@Test
	void aRenewalThatDropsACaLeavesASessionWhoseCertificateExpiredSinceItsHandshake(CapturedOutput output)
			throws Exception {
		publishOverHttps("expiring", "greeting: before\n");
		Instant expiry = Instant.now().plusSeconds(4);
		KeyPairFiles expiring = this.ca.clientCertificate("expiring-soon", expiry);
		byte[] trusted = Files.readAllBytes(this.ca.caCertificate());
		try (SyncClient session = SyncClient.autoAcking(
				channel(trustingCa().keyManager(expiring.certificate().toFile(), expiring.privateKey().toFile())))) {
			session.subscribe("expiring", "dev", "expiring-instance");
			assertThat(session.awaitUpdate(1).getUpsertsMap()).containsEntry("greeting", "before");
			renewTrust(output, concat(trusted, Files.readAllBytes(this.otherCa.caCertificate())));
			await().atMost(DEADLINE).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
			renewTrust(output, trusted);
			// the handshake accepted it while it was valid, and its CA is still trusted
			publishOverHttps("expiring", "greeting: after\n");
			assertThat(session.awaitUpdate(2).getUpsertsMap()).containsEntry("greeting", "after");
			assertThat(session.closedWith()).isNull();
		}
		finally {
			if (!Arrays.equals(Files.readAllBytes(this.ca.caCertificate()), trusted)) {
				renewTrust(output, trusted);
			}
		}
	}

	/** Writes the gRPC port's trust store (the test CA's file) and waits until the center serves it. */
	private void renewTrust(CapturedOutput output, byte[] certificates) throws IOException {
		int servedBefore = occurrences(output.getAll(), SERVES_RENEWED);
		Files.write(this.ca.caCertificate(), certificates);
		await().atMost(Duration.ofSeconds(20)).until(() -> occurrences(output.getAll(), SERVES_RENEWED) > servedBefore);
	}

	private static X509Certificate certificate(Path pem) throws IOException {
		return PemContent.load(pem).getCertificates().get(0);
	}

	/** A client's key material that presents {@code chain} as it is, unchecked (a key store would refuse an odd one). */
	private static X509ExtendedKeyManager presenting(List<X509Certificate> chain, PrivateKey key) {
		return new X509ExtendedKeyManager() {
			@Override
			public String[] getClientAliases(String keyType, Principal[] issuers) {
				return new String[] { "client" };
			}

			@Override
			public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
				return "client";
			}

			@Override
			public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
				return "client";
			}

			@Override
			public String[] getServerAliases(String keyType, Principal[] issuers) {
				return null;
			}

			@Override
			public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
				return null;
			}

			@Override
			public X509Certificate[] getCertificateChain(String alias) {
				return chain.toArray(X509Certificate[]::new);
			}

			@Override
			public PrivateKey getPrivateKey(String alias) {
				return key;
			}
		};
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static int occurrences(String text, String line) {
		int count = 0;
		for (int at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + line.length())) {
			count++;
		}
		return count;
	}

	@Test
	void grpcHealthAnswersOverTlsWithoutAToken() throws Exception {
		ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpcPort())
			.sslContext(trustingCa().keyManager(this.clientCertificate.certificate().toFile(),
					this.clientCertificate.privateKey().toFile())
				.build())
			.build();
		this.channels.add(channel);
		assertThat(HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void grpcRefusesAClientWithoutACertificateWhenClientAuthIsNeed() throws Exception {
		ManagedChannel channel = channel(trustingCa());
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch(channel, "mtls"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void grpcRefusesAClientCertificateOfAnotherCa() throws Exception {
		KeyPairFiles stranger = this.otherCa.clientCertificate("stranger");
		ManagedChannel channel = channel(
				trustingCa().keyManager(stranger.certificate().toFile(), stranger.privateKey().toFile()));
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch(channel, "mtls"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void grpcIsUnreachableForAClientThatDoesNotTrustTheCentersCa() throws Exception {
		ManagedChannel channel = channel(GrpcSslContexts.forClient()
			.trustManager(this.otherCa.caCertificate().toFile())
			.keyManager(this.clientCertificate.certificate().toFile(), this.clientCertificate.privateKey().toFile()));
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch(channel, "mtls"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE))
			.withCauseInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void grpcRefusesPlaintext() {
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort())
			.usePlaintext()
			.intercept(TestTokens.sendingAdmin())
			.build();
		this.channels.add(channel);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> fetch(channel, "mtls"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void anUnknownBundleStopsTheStartNamingTheDefinedOnes(@TempDir Path dir) {
		List<String> settings = Stream
			.concat(this.ca.pemBundle("center", this.centerCertificate).stream(),
					Stream.of("mcp.server.grpc.ssl.bundle=centre"))
			.toList();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start(dir, settings))
			.satisfies((ex) -> assertThat(analysis(ex).getDescription()).isEqualTo(
					"mcp.server.grpc.ssl.bundle names the SSL bundle 'centre', which is not defined; defined bundles: "
							+ "[center]."))
			.satisfies((ex) -> assertThat(analysis(ex).getAction()).contains("spring.ssl.bundle.pem.centre"));
	}

	@Test
	void clientAuthNeedWithoutATrustStoreStopsTheStart(@TempDir Path dir) {
		List<String> settings = List.of(
				"spring.ssl.bundle.pem.center.keystore.certificate=file:" + this.centerCertificate.certificate(),
				"spring.ssl.bundle.pem.center.keystore.private-key=file:" + this.centerCertificate.privateKey(),
				"mcp.server.grpc.ssl.bundle=center", "mcp.server.grpc.ssl.client-auth=need");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start(dir, settings))
			.satisfies((ex) -> assertThat(analysis(ex).getDescription()).isEqualTo(
					"mcp.server.grpc.ssl.client-auth=need verifies client certificates against the trust store of "
							+ "the SSL bundle 'center', which has none."))
			.satisfies((ex) -> assertThat(analysis(ex).getAction())
				.contains("spring.ssl.bundle.pem.center.truststore.certificate"));
	}

	@Test
	void aPrivateKeyOfAnotherCertificateStopsTheStart(@TempDir Path dir) {
		KeyPairFiles other = this.ca.serverCertificate("other-center");
		List<String> settings = List.of(
				"spring.ssl.bundle.pem.center.keystore.certificate=file:" + this.centerCertificate.certificate(),
				"spring.ssl.bundle.pem.center.keystore.private-key=file:" + other.privateKey(),
				"mcp.server.grpc.ssl.bundle=center");
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> start(dir, settings))
			.satisfies((ex) -> assertThat(analysis(ex).getDescription()).startsWith(
					"The SSL bundle 'center' (mcp.server.grpc.ssl.bundle) cannot serve TLS: the private key does not "
							+ "belong to the certificate CN=center"));
	}

	@Test
	void clientAuthWithoutABundleStopsTheStart(@TempDir Path dir) {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> start(dir, List.of("mcp.server.grpc.ssl.client-auth=need")))
			.withStackTraceContaining("mcp.server.grpc.ssl.client-auth=need needs TLS on the gRPC port: set "
					+ "mcp.server.grpc.ssl.bundle");
	}

	private static ConfigurableApplicationContext start(Path dataDir, List<String> settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--grpc.server.port=0",
				"--grpc.server.address=127.0.0.1", "--mcp.server.file.dir=" + dataDir,
				"--spring.main.banner-mode=off"));
		settings.forEach((setting) -> args.add("--" + setting));
		return new SpringApplicationBuilder(McpServerApplication.class, GrpcServerPort.class)
			.run(args.toArray(String[]::new));
	}

	private static FailureAnalysis analysis(Throwable failure) {
		FailureAnalysis analysis = new GrpcTlsFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("a GrpcTlsException in %s", failure).isNotNull();
		return analysis;
	}

	private int httpPort() {
		return ((WebServerApplicationContext) this.center).getWebServer().getPort();
	}

	private int grpcPort() {
		return this.center.getBean(GrpcServerPort.class).get();
	}

	private static HttpRequest.Builder admin(String uri) {
		return HttpRequest.newBuilder(URI.create(uri))
			.timeout(DEADLINE)
			.header("Authorization", TestTokens.adminBearer());
	}

	private void publishOverHttps(String app, String yaml) throws Exception {
		String uri = "https://localhost:" + httpPort() + "/api/v1/configs/" + app + "/dev";
		HttpResponse<String> answer = this.https.send(admin(uri).header("Content-Type", "application/yaml")
			.PUT(HttpRequest.BodyPublishers.ofString(yaml))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
	}

	private SslContextBuilder trustingCa() {
		return GrpcSslContexts.forClient().trustManager(this.ca.caCertificate().toFile());
	}

	/** A TLS channel to the center by host name (verified against its certificate), sending the admin token. */
	private ManagedChannel channel(SslContextBuilder tls) throws SSLException {
		ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", grpcPort())
			.sslContext(tls.build())
			.intercept(TestTokens.sendingAdmin())
			.build();
		this.channels.add(channel);
		return channel;
	}

	private ManagedChannel mutualTlsChannel() throws SSLException {
		return channel(trustingCa().keyManager(this.clientCertificate.certificate().toFile(),
				this.clientCertificate.privateKey().toFile()));
	}

	/** The subject of the certificate the center presented to {@code channel}'s connection. */
	private static String servedCertificate(ManagedChannel channel) throws Exception {
		AtomicReference<SSLSession> session = new AtomicReference<>();
		ClientInterceptor capture = new ClientInterceptor() {
			@Override
			public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options,
					Channel next) {
				ClientCall<Q, A> call = next.newCall(method, options);
				return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
					@Override
					public void start(Listener<A> listener, Metadata headers) {
						super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
							@Override
							public void onHeaders(Metadata answer) {
								session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
								super.onHeaders(answer);
							}
						}, headers);
					}
				};
			}
		};
		ConfigServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, capture))
			.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
			.fetch(FetchRequest.newBuilder()
				.setTarget(Target.newBuilder().setApp("renewal").setEnv("dev"))
				.setInstance(InstanceInfo.newBuilder().setInstanceId("tls-fetcher"))
				.build());
		return ((X509Certificate) session.get().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	private static String subject(Path certificate) throws Exception {
		try (InputStream in = Files.newInputStream(certificate)) {
			return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
				.getSubjectX500Principal()
				.getName();
		}
	}

	private static ConfigSnapshot fetch(ManagedChannel channel, String app) {
		return ConfigServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
			.fetch(FetchRequest.newBuilder()
				.setTarget(Target.newBuilder().setApp(app).setEnv("dev"))
				.setInstance(InstanceInfo.newBuilder().setInstanceId("tls-fetcher"))
				.build());
	}

}
