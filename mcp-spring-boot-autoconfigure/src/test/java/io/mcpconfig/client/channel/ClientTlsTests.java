package io.mcpconfig.client.channel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigFetchException;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.testsupport.tls.TestCertificates;
import io.mcpconfig.testsupport.tls.TestCertificates.KeyPairFiles;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client's channel over TLS ({@code mcp.client.ssl.bundle}) with certificates the test
 * makes, against a real gRPC server on a loopback port: the bundle is built from
 * {@code spring.ssl.bundle.*} before any application context exists, the center's
 * certificate and host name are verified, a client certificate is sent for mutual TLS,
 * and a token is never sent in clear text without a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientTlsTests {

	private static final ConfigTarget TARGET = new ConfigTarget(TestApp.APP, TestApp.ENV);

	private static final String CLEAR_TEXT_WARNING = "mcp.client.token is sent in clear text to";

	@TempDir
	Path directory;

	private TestCertificates ca;

	private KeyPairFiles centerCertificate;

	private final List<TestConfigServer> servers = new ArrayList<>();

	@BeforeEach
	void makeCertificates() throws IOException {
		this.ca = TestCertificates.authority(Files.createDirectories(this.directory.resolve("ca")), "MCP Test CA");
		this.centerCertificate = this.ca.serverCertificate("center");
	}

	@AfterEach
	void stopServers() {
		this.servers.forEach(TestConfigServer::close);
	}

	@Test
	void anApplicationFetchesAndSyncsOverMutualTlsAndWarnsOfNoClearText(CapturedOutput output) {
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.REQUIRE);
		center.setRelease(Map.of("sample.greeting", "over TLS"));
		KeyPairFiles instance = this.ca.clientCertificate("test-app-instance");
		try (ConfigurableApplicationContext context = TestApp.run("localhost:" + center.port(),
				args(this.ca.pemBundle("mcp", instance), "mcp.client.ssl.bundle=mcp", "mcp.client.token=secret"))) {
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("over TLS");
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			center.awaitSubscribed(1);
			center.publish(Map.of("sample.greeting", "pushed over TLS"));
			eventually().until(() -> "pushed over TLS".equals(context.getEnvironment().getProperty("sample.greeting")));
		}
		assertThat(output).doesNotContain(CLEAR_TEXT_WARNING);
	}

	@Test
	void aRenewedClientCertificateIsPresentedFromTheNextConnection(CapturedOutput output) throws IOException {
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.REQUIRE);
		center.setRelease(Map.of("sample.greeting", "over TLS"));
		KeyPairFiles instance = this.ca.clientCertificate("test-app-instance");
		try (ConfigurableApplicationContext context = TestApp.run("localhost:" + center.port(),
				args(this.ca.pemBundle("mcp", instance), "mcp.client.ssl.bundle=mcp",
						"spring.ssl.bundle.pem.mcp.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=100ms"))) {
			assertThat(center.clientCertificates()).first().isEqualTo("CN=test-app-instance");
			center.awaitSubscribed(1);
			KeyPairFiles renewed = this.ca.clientCertificate("test-app-instance-renewed");
			Files.copy(renewed.privateKey(), instance.privateKey(), StandardCopyOption.REPLACE_EXISTING);
			Files.copy(renewed.certificate(), instance.certificate(), StandardCopyOption.REPLACE_EXISTING);
			eventually().until(() -> output.getAll()
				.contains("The MCP Config client uses the renewed SSL bundle 'mcp' from its next connection"));
			// the connection ends (the center restarts); the next one presents the renewed certificate
			int port = center.port();
			center.close();
			TestConfigServer restarted = center(TlsServerCredentials.ClientAuth.REQUIRE, port);
			restarted.setRelease(Map.of("sample.greeting", "over TLS"));
			// version 2: newer than what the instance holds, so the new session sends it
			restarted.setRelease(Map.of("sample.greeting", "after the renewal"));
			eventually().until(() -> "after the renewal".equals(context.getEnvironment().getProperty("sample.greeting")));
			assertThat(restarted.clientCertificates()).isNotEmpty().allMatch("CN=test-app-instance-renewed"::equals);
		}
	}

	@Test
	void aTokenSentInClearTextIsWarnedAboutOnceEvenAcrossRefreshes(CapturedOutput output) {
		TestConfigServer center = TestConfigServer.start();
		this.servers.add(center);
		try (ConfigurableApplicationContext context = TestApp.run(center.address(), "--mcp.client.token=secret")) {
			context.getBean(ContextRefresher.class).refresh();
		}
		assertThat(output.getOut().split(CLEAR_TEXT_WARNING, -1)).hasSize(2);
		assertThat(output).contains(CLEAR_TEXT_WARNING + " [" + center.address()
				+ "]; set mcp.client.ssl.bundle to talk to the config center over TLS");
	}

	@Test
	void aCenterWhoseCaTheBundleDoesNotTrustIsUnreachableAndTheApplicationFallsBack(CapturedOutput output)
			throws IOException {
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.NONE);
		center.setRelease(Map.of("sample.greeting", "never seen"));
		TestCertificates otherCa = TestCertificates
			.authority(Files.createDirectories(this.directory.resolve("other")), "Other CA");
		try (ConfigurableApplicationContext context = TestApp.run(center.address(),
				args(otherCa.pemTrustBundle("mcp"), "mcp.client.ssl.bundle=mcp",
						"mcp.client.fallback-location=classpath:fallback/config-local.yaml"))) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(center.fetchCount()).isZero();
		}
		assertThat(output).contains("Could not fetch the configuration of test-app/test from MCP Config at ["
				+ center.address() + "]: UNAVAILABLE: TLS handshake with the config center failed:")
			.contains("unable to find valid certification path");
	}

	@Test
	void aClientWithoutACertificateIsRefusedByACenterThatNeedsOne() {
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.REQUIRE);
		try (McpConfigClient client = client(center.address(), this.ca.pemTrustBundle("mcp"))) {
			assertThatExceptionOfType(ConfigFetchException.class).isThrownBy(client::fetch)
				.withMessageContaining("UNAVAILABLE: TLS handshake with the config center failed");
		}
		assertThat(center.fetchCount()).isZero();
	}

	@Test
	void theCentersHostNameIsVerifiedAgainstItsCertificate() {
		this.centerCertificate = this.ca.serverCertificate("elsewhere", "config.example.com");
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.NONE);
		try (McpConfigClient client = client(center.address(), this.ca.pemTrustBundle("mcp"))) {
			assertThatExceptionOfType(ConfigFetchException.class).isThrownBy(client::fetch)
				.withMessageContaining("TLS handshake with the config center failed: "
						+ "No subject alternative names matching IP address 127.0.0.1");
		}
		assertThat(center.fetchCount()).isZero();
	}

	@Test
	void eachAddressIsVerifiedAsItsOwnHostWhenTheClientFailsOver() {
		// the first address is down; the certificate names only the second one's host
		this.centerCertificate = this.ca.serverCertificate("center", "localhost");
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.NONE);
		center.setRelease(Map.of("sample.greeting", "second address"));
		String addresses = "127.0.0.1:" + TestConfigServer.unusedPort() + ",localhost:" + center.port();
		try (McpConfigClient client = client(addresses, this.ca.pemTrustBundle("mcp"))) {
			assertThat(client.fetch().properties()).containsEntry("sample.greeting", "second address");
		}
	}

	@Test
	void aJksBundleWithAPkcs12TrustStoreWorksToo() {
		TestConfigServer center = center(TlsServerCredentials.ClientAuth.NONE);
		center.setRelease(Map.of("sample.greeting", "from a trust store"));
		Path trustStore = this.ca.pkcs12TrustStore("changeit");
		try (McpConfigClient client = client(center.address(),
				List.of("spring.ssl.bundle.jks.mcp.truststore.location=file:" + trustStore,
						"spring.ssl.bundle.jks.mcp.truststore.type=PKCS12",
						"spring.ssl.bundle.jks.mcp.truststore.password=changeit"))) {
			assertThat(client.fetch().properties()).containsEntry("sample.greeting", "from a trust store");
		}
	}

	@Test
	void aPrivateKeyOfAnotherCertificateStopsTheStartNamingTheBundle() {
		KeyPairFiles instance = this.ca.clientCertificate("test-app-instance");
		KeyPairFiles other = this.ca.clientCertificate("someone-else");
		Binder binder = binder(List.of("spring.ssl.bundle.pem.mcp.keystore.certificate=file:" + instance.certificate(),
				"spring.ssl.bundle.pem.mcp.keystore.private-key=file:" + other.privateKey()));
		assertThatExceptionOfType(ClientSslBundleException.class)
			.isThrownBy(() -> ClientSslBundle.bind("mcp", binder))
			.withMessage("The SSL bundle 'mcp' (mcp.client.ssl.bundle) cannot be loaded: the private key does not "
					+ "belong to the certificate CN=test-app-instance");
	}

	@Test
	void anUnknownBundleNamesThePropertyAndTheDefinedBundles() {
		Binder binder = binder(Stream.concat(this.ca.pemTrustBundle("center").stream(),
				Stream.of("spring.ssl.bundle.jks.legacy.truststore.location=file:/nowhere.p12")).toList());
		assertThatExceptionOfType(ClientSslBundleException.class)
			.isThrownBy(() -> ClientSslBundle.bind("mcp", binder))
			.withMessage("mcp.client.ssl.bundle names the SSL bundle 'mcp', which is not defined; defined bundles: "
					+ "[center, legacy]");
		assertThatExceptionOfType(ClientSslBundleException.class)
			.isThrownBy(() -> ClientSslBundle.bind("mcp", binder(List.of())))
			.withMessage("mcp.client.ssl.bundle names the SSL bundle 'mcp', which is not defined; spring.ssl.bundle "
					+ "defines no bundles");
	}

	@Test
	void anUnknownBundleStopsTheStartWhateverTheImport() {
		assertThatExceptionOfType(ClientSslBundleException.class)
			.isThrownBy(() -> TestApp.run("127.0.0.1:" + TestConfigServer.unusedPort(), "--mcp.client.ssl.bundle=mcp",
					"--spring.config.import=optional:mcp:"))
			.withMessageContaining("mcp.client.ssl.bundle names the SSL bundle 'mcp', which is not defined")
			.satisfies((ex) -> assertThat(new ClientSslBundleFailureAnalyzer().analyze(ex).getAction())
				.contains("spring.ssl.bundle.pem.<name>"));
	}

	@Test
	void aBundleWhoseFilesCannotBeReadNamesTheBundle() {
		Binder binder = binder(List.of("spring.ssl.bundle.pem.mcp.truststore.certificate=file:"
				+ this.directory.resolve("missing.crt")));
		assertThatExceptionOfType(ClientSslBundleException.class)
			.isThrownBy(() -> ClientSslBundle.bind("mcp", binder))
			.withMessageStartingWith("The SSL bundle 'mcp' (mcp.client.ssl.bundle) cannot be loaded: ");
	}

	/** A real gRPC server that speaks TLS only, with the center's certificate; it trusts the test's CA. */
	private TestConfigServer center(TlsServerCredentials.ClientAuth clientAuth) {
		return center(clientAuth, 0);
	}

	private TestConfigServer center(TlsServerCredentials.ClientAuth clientAuth, int port) {
		try {
			ServerCredentials tls = TlsServerCredentials.newBuilder()
				.keyManager(this.centerCertificate.certificate().toFile(), this.centerCertificate.privateKey().toFile())
				.trustManager(this.ca.caCertificate().toFile())
				.clientAuth(clientAuth)
				.build();
			TestConfigServer server = TestConfigServer.startTlsOn(port, tls);
			this.servers.add(server);
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A client made as the {@code mcp:} import makes it, with the bundle {@code mcp} of these settings. */
	private static McpConfigClient client(String addresses, List<String> bundleSettings) {
		McpClientProperties properties = new McpClientProperties();
		properties.setServerAddresses(List.of(addresses.split(",")));
		properties.setRequestTimeout(Duration.ofSeconds(3));
		return McpConfigClient.create(properties, TARGET, ClientSslBundle.bind("mcp", binder(bundleSettings)),
				LogFactory.getLog(ClientTlsTests.class));
	}

	private static Binder binder(List<String> settings) {
		Map<String, String> map = new HashMap<>();
		settings.forEach((setting) -> map.put(setting.substring(0, setting.indexOf('=')),
				setting.substring(setting.indexOf('=') + 1)));
		return new Binder(new MapConfigurationPropertySource(map));
	}

	private static String[] args(List<String> settings, String... more) {
		return Stream.concat(settings.stream(), Stream.of(more))
			.map((setting) -> "--" + setting)
			.toArray(String[]::new);
	}

}
