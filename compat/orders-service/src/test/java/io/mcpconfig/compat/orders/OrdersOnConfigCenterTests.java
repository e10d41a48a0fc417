package io.mcpconfig.compat.orders;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as it runs in production: started with {@code SpringApplication} (not a
 * {@code @SpringBootTest}, so the client is on) against the real config center in its own
 * process, its DataSource wrapped by datasource-micrometer, a Spring Cloud Config client
 * left on its class path. Every release published here must be acknowledged by the
 * instance, never refused. One center and one service for the whole class; each test
 * publishes the whole configuration it needs.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrdersOnConfigCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(15);

	private static final String INSTANCE_ID = "orders-compat-1";

	/** A logger the service's application.yml sets to WARN. */
	private static final String REPOSITORY_LOGGER = "io.mcpconfig.compat.orders.repository";

	/** A logger the service does not configure. */
	private static final String WEB_LOGGER = "io.mcpconfig.compat.orders.web";

	@TempDir
	static Path work;

	static McpServerProcess center;

	static ConfigCenterClient admin;

	static ConfigurableApplicationContext service;

	static OrdersHttp orders;

	/** {@code orders.max-items} right after the start, before any test published a release. */
	static String maxItemsAtStart;

	@BeforeAll
	static void start() throws IOException {
		center = McpServerProcess.start(work.resolve("center"));
		admin = center.admin();
		admin.publishYaml("orders", "dev", """
				orders:
				  max-items: 7
				""");
		service = new SpringApplicationBuilder(OrdersApplication.class).run("--server.port=0",
				"--mcp.client.server-addresses=" + center.grpcAddress(),
				"--mcp.client.token=" + admin.createToken("orders-dev", "client", "orders", "dev"),
				"--mcp.client.snapshot-dir=" + work.resolve("snapshots"), "--mcp.client.instance-id=" + INSTANCE_ID);
		orders = new OrdersHttp(service.getEnvironment());
		maxItemsAtStart = service.getEnvironment().getProperty("orders.max-items");
	}

	@AfterAll
	static void stop() {
		try {
			if (service != null) {
				service.close();
			}
		}
		finally {
			if (center != null) {
				center.close();
			}
		}
	}

	@Test
	void startsOnTheCentersReleaseWithItsDataSourceWrappedAndTheConfigServerClientOff() throws SQLException {
		assertThat(maxItemsAtStart).isEqualTo("7");
		assertThat(service.getEnvironment().getProperty("spring.cloud.config.enabled")).isEqualTo("false");

		DataSource dataSource = service.getBean(DataSource.class);
		assertThat(dataSource.getClass()).as("the DataSource bean's class, " + dataSource.getClass().getName())
			.isNotEqualTo(HikariDataSource.class);
		assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();

		HttpResponse<String> placed = orders.post("/orders", "{\"item\":\"kettle\",\"quantity\":1}");
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		assertThat(orders.json("/orders").findValuesAsText("item")).contains("kettle");
	}

	@Test
	void exposesEveryActuatorEndpointAndAnMcpHealthComponent() {
		JsonNode links = orders.json("/actuator").get("_links");
		assertThat(links.fieldNames()).toIterable()
			.contains("health", "env", "configprops", "loggers", "mcp", "refresh", "beans", "metrics", "mappings");

		// the sync stream opens in the background after the start-up fetch
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode health = orders.json("/actuator/health");
			assertThat(health.get("status").asText()).isEqualTo("UP");
			JsonNode mcp = health.get("components").get("mcp");
			assertThat(mcp.get("status").asText()).isEqualTo("UP");
			assertThat(mcp.get("details").get("source").asText()).isEqualTo("REMOTE");
			assertThat(mcp.get("details").get("server").asText()).isEqualTo(center.grpcAddress());
			assertThat(mcp.get("details").get("degraded").asBoolean()).isFalse();
		});

		for (String endpoint : List.of("env", "configprops", "loggers", "mcp")) {
			assertThat(orders.get("/actuator/" + endpoint).statusCode()).as("/actuator/" + endpoint).isEqualTo(200);
		}
	}

	@Test
	void setsLoggingLevelsLiveAndTakesRemovedOnesBackToTheServicesOwn() {
		publishAndAwaitAck("""
				logging:
				  level:
				    io.mcpconfig.compat.orders.repository: TRACE
				    io.mcpconfig.compat.orders.web: DEBUG
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(configuredLevel(REPOSITORY_LOGGER)).isEqualTo("TRACE");
			assertThat(configuredLevel(WEB_LOGGER)).isEqualTo("DEBUG");
		});

		publishAndAwaitAck("""
				compat:
				  step: logging levels removed
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(configuredLevel(REPOSITORY_LOGGER)).as("back to application.yml's level").isEqualTo("WARN");
			assertThat(configuredLevel(WEB_LOGGER)).as("back to no level of its own").isNull();
		});
	}

	@Test
	void takesChangesToBootsOwnPropertiesBeansWithoutTouchingThePool(CapturedOutput output) throws SQLException {
		publishAndAwaitAck("""
				spring:
				  jackson:
				    serialization:
				      indent-output: true
				""");
		assertThat(boundValue("spring.jackson", "serialization")).hasToString("{INDENT_OUTPUT=true}");
		assertOrdersAnswer();

		publishAndAwaitAck("""
				management:
				  endpoint:
				    health:
				      show-details: when-authorized
				""");
		assertThat(boundValue("management.endpoint.health", "showDetails")).hasToString("WHEN_AUTHORIZED");
		assertOrdersAnswer();

		publishAndAwaitAck("""
				server:
				  shutdown: graceful
				  tomcat:
				    threads:
				      max: 50
				""");
		assertThat(boundValue("server", "shutdown")).hasToString("GRACEFUL");
		assertOrdersAnswer();

		publishAndAwaitAck("""
				spring:
				  datasource:
				    hikari:
				      maximum-pool-size: 8
				""");
		assertOrdersAnswer();
		// A pool behind a wrapper is left as it is, open: the new size applies at the next start.
		HikariDataSource pool = service.getBean(DataSource.class).unwrap(HikariDataSource.class);
		assertThat(pool.isClosed()).isFalse();
		assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
		assertThat(output).contains("'dataSource'").contains("apply at the next start");
	}

	@Test
	void refreshesTheGreetingAndTheSettingsAndAnnouncesTheChange() {
		long version = publishAndAwaitAck("""
				orders:
				  greeting: Hello from the center
				  max-items: 3
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(orders.text("/greeting")).isEqualTo("Hello from the center");
			JsonNode settings = orders.json("/settings");
			assertThat(settings.get("greeting").asText()).isEqualTo("Hello from the center");
			assertThat(settings.get("maxItems").asInt()).isEqualTo(3);
		});
		assertThat(orders.post("/orders", "{\"item\":\"cups\",\"quantity\":4}").statusCode()).isEqualTo(400);
		assertThat(orders.post("/orders", "{\"item\":\"cups\",\"quantity\":3}").statusCode()).isEqualTo(201);

		JsonNode announced = null;
		for (JsonNode event : orders.json("/events")) {
			if (event.get("newVersion").asLong() == version) {
				announced = event;
			}
		}
		assertThat(announced).as("the event of version " + version).isNotNull();
		assertThat(texts(announced.get("changedKeys"))).contains("orders.greeting", "orders.max-items");
	}

	@Test
	void bindsAValueOnlyTheServicesOwnBindingConverterReads() {
		assertThat(orders.json("/settings").get("deliveryWindow").asText()).as("from application.yml")
			.isEqualTo("07:30-19:00");
		// refused as unconvertible unless the candidate binding uses the @ConfigurationPropertiesBinding converter
		publishAndAwaitAck("""
				orders:
				  delivery-window: 09:15-17:45
				""");
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(orders.json("/settings").get("deliveryWindow").asText())
				.isEqualTo("09:15-17:45"));
	}

	/** Publishes a release and waits until this instance acknowledged it; a refusal fails at once, with its reason. */
	private static long publishAndAwaitAck(String yaml) {
		long version = admin.publishYaml("orders", "dev", yaml);
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = instance();
			if (instance.get("nackedVersion").asLong() != 0) {
				throw new IllegalStateException("the instance refused version " + instance.get("nackedVersion")
						+ " (" + instance.get("nackReason").asText() + ") of\n" + yaml);
			}
			assertThat(instance.get("status").asText()).isEqualTo("ACKED");
			assertThat(instance.get("ackedVersion").asLong()).isEqualTo(version);
		});
		return version;
	}

	private static void assertOrdersAnswer() {
		HttpResponse<String> listed = orders.get("/orders");
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
	}

	/**
	 * A property of the live {@code @ConfigurationProperties} bean bound to a prefix, found
	 * by its annotation: Boot's own properties classes moved between Boot lines.
	 */
	private static Object boundValue(String prefix, String property) {
		List<Object> bound = service.getBeansWithAnnotation(ConfigurationProperties.class)
			.entrySet()
			.stream()
			.filter((bean) -> prefix
				.equals(service.findAnnotationOnBean(bean.getKey(), ConfigurationProperties.class).prefix()))
			.map((bean) -> new BeanWrapperImpl(bean.getValue()).getPropertyValue(property))
			.toList();
		assertThat(bound).as("beans bound to " + prefix).hasSize(1);
		return bound.get(0);
	}

	/** This service's entry in the center's instance registry. */
	private static JsonNode instance() {
		for (JsonNode instance : admin.get("/api/v1/configs/orders/dev/instances")) {
			if (INSTANCE_ID.equals(instance.get("instanceId").asText())) {
				return instance;
			}
		}
		throw new AssertionError("instance " + INSTANCE_ID + " is not connected to the center");
	}

	private static String configuredLevel(String logger) {
		JsonNode level = orders.json("/actuator/loggers/" + logger).get("configuredLevel");
		return (level == null || level.isNull()) ? null : level.asText();
	}

	private static List<String> texts(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
	}

}
