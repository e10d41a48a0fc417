package io.mcpconfig.client.apps;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.DispatcherHandler;

import io.mcpconfig.client.LocalHttp;
import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive application (WebFlux on Netty, no servlet container on the class path: the
 * surefire execution {@code reactive-app}) with Actuator: it starts on the center's
 * configuration, takes a release live and refuses one that cannot bind, and shows the
 * {@code mcp} health component and endpoint over WebFlux.
 */
class ReactiveAppTests {

		private static final ObjectMapper json = new ObjectMapper();

	@Test
	void reactiveAppFollowsTheCenterAndShowsItOverWebFlux() throws Exception {
		try (TestConfigServer server = TestConfigServer.start()) {
			server.setRelease(Map.of("sample.greeting", "hello", "pricing.discount", "1", "api.token", "tk"));
			try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder().sources(ReactiveBeans.class),
					server.address(), "--spring.main.web-application-type=reactive", "--server.port=0",
					"--mcp.client.refresh.value-injection=true",
					"--management.endpoints.web.exposure.include=health,mcp",
					"--management.endpoint.health.show-details=always",
					"--management.endpoint.mcp.show-values=always")) {
				assertThat(context.getBean(DispatcherHandler.class)).isNotNull();
				// The web server's class, the same on both Boot lines (whose packages for it differ).
				Object webServer = context.getClass().getMethod("getWebServer").invoke(context);
				assertThat(webServer.getClass().getSimpleName()).isEqualTo("NettyWebServer");
				server.awaitSubscribed(1);
				assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hello");

				ConfigUpdate v2 = server.publish(Map.of("sample.greeting", "hi", "pricing.discount", "2", "api.token", "tk"));
				server.awaitAck(v2);
				assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hi");
				assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hi");
				assertThat(context.getBean(Pricing.class).discount).isEqualTo(2);
				assertThat(context.getBean(ChangeEvents.class).last().getNewVersion()).isEqualTo(2);

				Nack nack = server.awaitNack(server.publish(Map.of("sample.greeting", "hi", "pricing.discount", "2",
						"api.token", "tk", "sample.max-connections", "many")));
				assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
				assertThat(nack.getReason()).contains("sample.max-connections=many");
				assertThat(context.getEnvironment().getProperty("sample.max-connections")).isNull();

				JsonNode health = LocalHttp.getJson(context, "/actuator/health").path("components").path("mcp");
				assertThat(health.path("status").asText()).isEqualTo("UP");
				assertThat(health.path("details").path("version").asLong()).isEqualTo(2);
				assertThat(health.path("details").path("server").asText()).isEqualTo(server.address());
				assertThat(health.path("details").path("lastNack").path("version").asLong()).isEqualTo(3);
				JsonNode mcp = LocalHttp.getJson(context, "/actuator/mcp");
				assertThat(mcp.path("version").asLong()).isEqualTo(2);
				assertThat(mcp.path("source").asText()).isEqualTo("REMOTE");
				assertThat(json.convertValue(mcp.path("properties"), Map.class)).containsExactly(
						Map.entry("api.token", "******"), Map.entry("pricing.discount", "2"),
						Map.entry("sample.greeting", "hi"));
			}
		}
	}


	@Configuration(proxyBeanMethods = false)
	static class ReactiveBeans {

		@Bean
		Pricing pricing() {
			return new Pricing();
		}

	}

	static class Pricing {

		@Value("${pricing.discount:0}")
		volatile int discount;

	}

}
