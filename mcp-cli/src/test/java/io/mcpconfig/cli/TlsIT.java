package io.mcpconfig.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.mcpconfig.cli.McpctlRun.Result;
import io.mcpconfig.testsupport.tls.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real jar against a center whose admin port serves https with a certificate for
 * {@code localhost} only: trusted through --ca-file when mcpctl connects to that name,
 * refused when it connects to 127.0.0.1, trusted through --insecure whatever the name.
 */
class TlsIT {

	@TempDir
	static Path work;

	static TestCertificates ca;

	static RunningCenter center;

	@BeforeAll
	static void startHttpsCenter() throws Exception {
		ca = TestCertificates.authority(Files.createDirectories(work.resolve("ca")), "CLI Test CA");
		List<String> settings = new ArrayList<>(
				ca.pemBundle("center", ca.serverCertificate("center", "localhost")));
		settings.add("server.ssl.bundle=center");
		center = new RunningCenter(work.resolve("data"), settings.toArray(String[]::new));
	}

	@AfterAll
	static void stopCenter() {
		center.close();
	}

	@Test
	void theCaFileTrustsTheCentersCertificateForTheHostItNames() throws Exception {
		Result trusted = https("localhost").run("targets", "--ca-file", ca.caCertificate().toString());

		assertThat(trusted.exitCode()).as(trusted.toString()).isZero();
		assertThat(trusted.out()).isEqualTo("no targets\n");
	}

	@Test
	void insecureTrustsAnyCertificateAndHostName() throws Exception {
		Result insecure = https("127.0.0.1").run("targets", "--insecure");

		assertThat(insecure.exitCode()).as(insecure.toString()).isZero();
		assertThat(insecure.out()).isEqualTo("no targets\n");
	}

	@Test
	void aCertificateTheJvmDoesNotTrustOrForAnotherHostIsUnreachable() throws Exception {
		Result untrusted = https("localhost").run("targets");
		assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(ExitStatus.UNREACHABLE.code());
		assertThat(untrusted.err()).contains("the TLS handshake failed").contains("--ca-file");

		Result otherHost = https("127.0.0.1").run("targets", "--ca-file", ca.caCertificate().toString());
		assertThat(otherHost.exitCode()).as(otherHost.toString()).isEqualTo(ExitStatus.UNREACHABLE.code());
		assertThat(otherHost.err()).contains("the TLS handshake failed");
	}

	@Test
	void plainHttpToTheTlsPortSaysToUseHttps() throws Exception {
		Result plain = McpctlRun.in(work)
			.run("targets", "--server", "http://127.0.0.1:" + center.port(), "--token", center.adminToken);

		assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(plain.err()).contains("requires TLS", "use https:// in --server");
	}

	private static McpctlRun https(String host) {
		return McpctlRun.in(work)
			.env("MCP_SERVER", "https://" + host + ":" + center.port())
			.env("MCP_TOKEN", center.adminToken);
	}

}
