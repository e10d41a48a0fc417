package io.mcpconfig.client.value;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.value.ValueInjectionApp.ScopedValue;
import io.mcpconfig.client.value.ValueInjectionApp.Values;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Value} members of singletons follow the configuration when
 * {@code mcp.client.refresh.value-injection} is on: a real application and the real client
 * against a config center on a loopback port.
 */
@ExtendWith(OutputCaptureExtension.class)
class ValueInjectionTests {

	private static final Map<String, String> V1 = Map.of("value.greeting", "hello", "value.required", "here",
			"value.port", "9000", "value.a", "alpha", "value.b", "beta");

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void fieldsAndSettersTakeTheNewValue() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.greeting).isEqualTo("hello");
			assertThat(values.port()).isEqualTo(9000);
			int calls = values.portCalls();

			publish(with("value.greeting", "hi", "value.port", "9001"));

			assertThat(values.greeting).isEqualTo("hi");
			assertThat(values.port()).isEqualTo(9001);
			assertThat(values.portCalls()).isEqualTo(calls + 1);
		}
	}

	@Test
	void onlyTheMembersThatReadAChangedKeyAreInjected() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			int calls = values.portCalls();
			values.greeting = "set by the application";

			publish(with("value.required", "still here"));

			assertThat(values.required).isEqualTo("still here");
			assertThat(values.greeting).isEqualTo("set by the application");
			assertThat(values.portCalls()).isEqualTo(calls);
		}
	}

	@Test
	void aPlaceholderWithADefaultFollowsItsKeyAndFallsBackWhenItIsDeleted() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.withDefault).isEqualTo("fallback");

			publish(with("value.missing", "present"));
			assertThat(values.withDefault).isEqualTo("present");

			publish(V1);
			assertThat(values.withDefault).isEqualTo("fallback");
			assertThat(values.greeting).isEqualTo("hello");
		}
	}

	@Test
	void aNestedKeyIsResolvedAgainWhenTheKeyInsideItChangesAndThenFollowsTheKeyItNamesNow() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.nestedKey).isEqualTo("alpha");

			Map<String, String> toB = with("value.which", "b");
			publish(toB);
			assertThat(values.nestedKey).isEqualTo("beta");

			Map<String, String> bChanged = new HashMap<>(toB);
			bChanged.put("value.b", "beta-2");
			publish(bChanged);
			assertThat(values.nestedKey).isEqualTo("beta-2");

			// value.a is no longer read: its change leaves the member alone.
			values.nestedKey = "untouched";
			bChanged.put("value.a", "alpha-2");
			publish(bChanged);
			assertThat(values.nestedKey).isEqualTo("untouched");
		}
	}

	@Test
	void aDefaultThatIsAPlaceholderIsFollowedWhileTheFirstKeyIsUnset() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.nestedDefault).isEqualTo("none");

			publish(with("value.secondary", "second"));
			assertThat(values.nestedDefault).isEqualTo("second");

			publish(with("value.secondary", "second", "value.primary", "first"));
			assertThat(values.nestedDefault).isEqualTo("first");

			publish(with("value.secondary", "second-2", "value.primary", "first"));
			assertThat(values.nestedDefault).isEqualTo("first");

			publish(with("value.secondary", "second-2"));
			assertThat(values.nestedDefault).isEqualTo("second-2");
		}
	}

	@Test
	void aKeyWhoseValueIsAPlaceholderIsFollowedThroughIt() {
		this.server.setRelease(with("value.indirect", "${value.target}", "value.target", "one"));
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.indirect).isEqualTo("one");

			publish(with("value.indirect", "${value.target}", "value.target", "two"));

			assertThat(values.indirect).isEqualTo("two");
		}
	}

	@Test
	void valuesAreConvertedToGenericAndBootTypes() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.ports).containsExactly(1, 2);
			assertThat(values.timeout).isEqualTo(Duration.ofSeconds(1));

			publish(with("value.ports", "3,4,5", "value.timeout", "250ms"));

			assertThat(values.ports).containsExactly(3, 4, 5);
			assertThat(values.timeout).isEqualTo(Duration.ofMillis(250));
		}
	}

	@Test
	void aValueThatCannotBeConvertedIsNackedAndNothingChanges() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			this.server.awaitSubscribed(1);
			Values values = context.getBean(Values.class);
			int calls = values.portCalls();

			Nack nack = this.server.awaitNack(this.server
				.publish(with("value.greeting", "changed", "value.port", "not-a-port", "value.ports", "7")));

			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("method 'setPort' of bean 'values'", "value.port=not-a-port",
					"int", "${value.port:8080}");
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("value.greeting")).isEqualTo("hello");
			assertThat(environment.getProperty("value.port")).isEqualTo("9000");
			assertThat(values.greeting).isEqualTo("hello");
			assertThat(values.port()).isEqualTo(9000);
			assertThat(values.portCalls()).isEqualTo(calls);
			assertThat(values.ports).containsExactly(1, 2);
		}
	}

	@Test
	void aListElementThatCannotBeConvertedIsNackedNamingTheGenericType() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			this.server.awaitSubscribed(1);

			Nack nack = this.server.awaitNack(this.server.publish(with("value.ports", "1,two")));

			assertThat(nack.getReason()).contains("field 'ports' of bean 'values'", "value.ports=1,two",
					"java.util.List<java.lang.Integer>");
			assertThat(context.getBean(Values.class).ports).containsExactly(1, 2);
		}
	}

	@Test
	void deletingAKeyAPlaceholderNeedsIsNacked() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			this.server.awaitSubscribed(1);
			Map<String, String> withoutRequired = new HashMap<>(V1);
			withoutRequired.remove("value.required");

			Nack nack = this.server.awaitNack(this.server.publish(withoutRequired));

			assertThat(nack.getReason()).contains("field 'required' of bean 'values'", "cannot be resolved",
					"value.required (deleted)");
			assertThat(context.getBean(Values.class).required).isEqualTo("here");
			assertThat(context.getEnvironment().getProperty("value.required")).isEqualTo("here");
		}
	}

	@Test
	void aRefusalNamesASecretKeyButNotItsValue() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			this.server.awaitSubscribed(1);

			Nack nack = this.server.awaitNack(this.server.publish(with("value.password", "hunter2x")));

			assertThat(nack.getReason()).contains("field 'password' of bean 'values'", "value.password=******")
				.doesNotContain("hunter2x");
		}
	}

	@Test
	void spelIsLeftAloneAndSaidSoOnceAtStartUp(CapturedOutput output) {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			Values values = context.getBean(Values.class);
			assertThat(values.shouted).isEqualTo("HELLO");

			publish(with("value.greeting", "hi"));

			assertThat(values.greeting).isEqualTo("hi");
			assertThat(values.shouted).isEqualTo("HELLO");
			assertThat(values.constant).isEqualTo("constant");
			assertThat(output).containsOnlyOnce("Bean 'values' keeps the values its @Value SpEL expressions gave it "
					+ "at start-up (field 'shouted'): value injection follows ${...} placeholders only");
		}
	}

	@Test
	void refreshScopedBeansAreLeftToTheRefreshScope() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(true)) {
			ScopedValue scoped = context.getBean(ScopedValue.class);
			assertThat(scoped.greeting()).isEqualTo("hello");

			publish(with("value.greeting", "hi"));

			assertThat(scoped.greeting()).isEqualTo("hi");
			ConfigChangeEvent greetingChange = new ConfigChangeEvent(this, new ConfigTarget(TestApp.APP, TestApp.ENV), 1, 2,
					Map.of("value.greeting", new PropertyChange("value.greeting", "hi", "hey", ChangeType.MODIFIED)),
					ConfigSource.REMOTE);
			assertThat(context.getBean(ValueInjectionPoints.class).concernedBy(greetingChange))
				.extracting(ValueInjectionPoint::toString)
				.containsExactly("field 'greeting' of bean 'values'");
		}
	}

	@Test
	void withoutThePropertyValuesKeepTheirStartUpValue() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(false)) {
			Values values = context.getBean(Values.class);

			publish(with("value.greeting", "hi", "value.port", "9001"));

			assertThat(context.getEnvironment().getProperty("value.greeting")).isEqualTo("hi");
			assertThat(values.greeting).isEqualTo("hello");
			assertThat(values.port()).isEqualTo(9000);
		}
	}

	private ConfigurableApplicationContext run(boolean valueInjection) {
		return TestApp.run(TestApp.builder().sources(ValueInjectionApp.class), this.server.address(),
				"--mcp.client.refresh.value-injection=" + valueInjection);
	}

	/** Publishes a release and waits until the application acknowledged it. */
	private void publish(Map<String, String> properties) {
		this.server.awaitSubscribed(1);
		this.server.awaitAck(this.server.publish(properties));
	}

	/** {@link #V1} with some keys set. */
	private static Map<String, String> with(String... keysAndValues) {
		Map<String, String> properties = new HashMap<>(V1);
		for (int i = 0; i < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

}
