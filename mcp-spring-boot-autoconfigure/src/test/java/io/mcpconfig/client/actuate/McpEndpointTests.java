package io.mcpconfig.client.actuate;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.protocol.ConfigChecksum;

import static org.assertj.core.api.Assertions.assertThat;

class McpEndpointTests {

	private static final Map<String, String> PROPERTIES = Map.of("sample.greeting", "hello", "db.password", "pw",
			"db.url", "jdbc:postgresql://db/shop", "ledger.url", "jdbc:postgresql://ledger:hunter2@db/ledger",
			"cache.uri", "redis://:s3cret@cache:6379/0", "legacy.url",
			"jdbc:sqlserver://db;user=sa;password=Passw0rd;encrypt=true", "ldap.pwd", "x");

	private final McpConfigClient client = client();

	@AfterEach
	void close() {
		this.client.close();
	}

	@Test
	void whenAuthorizedShowsValuesToAUserWithARoleAndMasksThemForOthers() {
		McpEndpoint endpoint = endpoint(List.of(), Show.WHEN_AUTHORIZED, Set.of("OPS"));

		assertThat(endpoint.mcp(user("OPS")).properties()).containsEntry("sample.greeting", "hello")
			.containsEntry("db.password", "******");
		assertThat(endpoint.mcp(user("DEV")).properties()).containsEntry("sample.greeting", "******");
		assertThat(endpoint.mcp(SecurityContext.NONE).properties()).containsEntry("sample.greeting", "******");
	}

	@Test
	void passwordsInsideUrlsAndConnectionStringsAreMaskedWhereValuesAreShown() {
		McpEndpoint endpoint = endpoint(List.of(), Show.ALWAYS, Set.of());

		assertThat(endpoint.mcp(SecurityContext.NONE).properties())
			.containsEntry("ledger.url", "jdbc:postgresql://ledger:******@db/ledger")
			.containsEntry("cache.uri", "redis://:******@cache:6379/0")
			.containsEntry("legacy.url", "jdbc:sqlserver://db;user=sa;password=******;encrypt=true")
			.containsEntry("db.url", "jdbc:postgresql://db/shop")
			.containsEntry("ldap.pwd", "******");
	}

	@Test
	void applicationSanitizingFunctionsMaskMore() {
		SanitizingFunction urls = SanitizingFunction.sanitizeValue().ifKeyEndsWith(".url");
		McpEndpoint endpoint = endpoint(List.of(urls), Show.ALWAYS, Set.of());

		assertThat(endpoint.mcp(SecurityContext.NONE).properties()).containsEntry("db.password", "******")
			.containsEntry("db.url", "******")
			.containsEntry("sample.greeting", "hello");
	}

	@Test
	void applicationSanitizingFunctionsCannotUnmaskASecret() {
		SanitizingFunction reveal = (data) -> data.withValue("revealed");
		McpEndpoint endpoint = endpoint(List.of(reveal), Show.ALWAYS, Set.of());

		assertThat(endpoint.mcp(SecurityContext.NONE).properties()).containsEntry("db.password", "******");
	}

	private McpEndpoint endpoint(List<SanitizingFunction> functions, Show show, Set<String> roles) {
		return new McpEndpoint(this.client, new SyncStatusTracker(this.client, Clock.systemUTC()), functions, show,
				roles);
	}

	private static SecurityContext user(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "alice";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

	private static McpConfigClient client() {
		ConfigTarget target = new ConfigTarget("shop", "test");
		// Nothing connects: the channel is lazy and no call is made.
		McpConfigClient client = McpConfigClient.create(new McpClientProperties(), target);
		client.initialize(new HeldConfig(target, 3, ConfigChecksum.of(PROPERTIES), PROPERTIES, ConfigSource.REMOTE,
				Instant.EPOCH, Instant.now()));
		return client;
	}

}
