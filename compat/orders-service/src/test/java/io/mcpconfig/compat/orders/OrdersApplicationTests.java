package io.mcpconfig.compat.orders;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;

import io.mcpconfig.client.config.McpConfigClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own test, as the team had it before it adopted MCP Config: with the
 * starter (and a leftover Spring Cloud Config client) on the class path and no config
 * center anywhere, it still starts and runs on its application.yml.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrdersApplicationTests {

	@Autowired
	ApplicationContext context;

	OrdersHttp orders;

	@BeforeEach
	void connect() {
		orders = new OrdersHttp(context.getEnvironment());
	}

	@Test
	void runsOnItsOwnConfigurationWithTheClientOff() {
		assertThat(context.getBeanNamesForType(McpConfigClient.class)).isEmpty();
		assertThat(orders.text("/greeting")).isEqualTo("Hello from application.yml");
		JsonNode settings = orders.json("/settings");
		assertThat(settings.get("greeting").asText()).isEqualTo("Hello from application.yml");
		assertThat(settings.get("maxItems").asInt()).isEqualTo(10);
	}

	@Test
	void storesAndListsOrders() {
		HttpResponse<String> placed = orders.post("/orders", "{\"item\":\"teapot\",\"quantity\":2}");
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		long id = OrdersHttp.read(placed).get("id").asLong();

		JsonNode listed = orders.json("/orders");
		assertThat(listed.findValuesAsText("item")).contains("teapot");
		assertThat(listed.findValues("id")).anyMatch((value) -> value.asLong() == id);
	}

	@Test
	void refusesAnOrderAboveMaxItems() {
		assertThat(orders.post("/orders", "{\"item\":\"teapot\",\"quantity\":11}").statusCode()).isEqualTo(400);
	}

}
