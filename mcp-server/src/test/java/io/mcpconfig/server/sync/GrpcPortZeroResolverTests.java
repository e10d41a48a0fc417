package io.mcpconfig.server.sync;

import java.net.ServerSocket;
import java.nio.file.Path;

import io.mcpconfig.server.McpServerApplication;
import net.devh.boot.grpc.server.config.GrpcServerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcPortZeroResolverTests {

	private final GrpcPortZeroResolver resolver = new GrpcPortZeroResolver();

	@Test
	void portZeroBecomesAFreePortBelowTheEphemeralRange() throws Exception {
		MockEnvironment environment = new MockEnvironment().withProperty("grpc.server.port", "0");
		this.resolver.postProcessEnvironment(environment, new SpringApplication());
		int port = environment.getProperty("grpc.server.port", Integer.class);
		assertThat(port).isBetween(10_000, 32_767);
		try (ServerSocket stillFree = new ServerSocket(port)) {
			assertThat(stillFree.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void aPortSetByTheUserOrNoneIsLeftAlone() {
		MockEnvironment named = new MockEnvironment().withProperty("grpc.server.port", "9190");
		this.resolver.postProcessEnvironment(named, new SpringApplication());
		assertThat(named.getProperty("grpc.server.port")).isEqualTo("9190");
		MockEnvironment unset = new MockEnvironment();
		this.resolver.postProcessEnvironment(unset, new SpringApplication());
		assertThat(unset.getProperty("grpc.server.port")).isNull();
	}

	@Test
	void aServerStartedOnPortZeroListensWhereItSays(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(McpServerApplication.class,
				GrpcServerPort.class)
			.run("--server.port=0", "--grpc.server.port=0", "--mcp.server.file.dir=" + dataDir,
					"--spring.main.banner-mode=off")) {
			int listening = server.getBean(GrpcServerPort.class).get();
			assertThat(listening).isBetween(10_000, 32_767);
			assertThat(server.getBean(GrpcServerProperties.class).getPort()).isEqualTo(listening);
		}
	}

}
