package io.mcpconfig.client.listener;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@link ConfigChangeEvent}s call which {@link McpConfigListener} methods, and which
 * methods stop the start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigListenerMethodsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(ConfigListenerMethods.class)
		.withBean(Listeners.class);

	@Test
	void aKeyListenerIsCalledOnlyWhenThatExactKeyChanged() {
		this.runner.run((context) -> {
			publish(context, "orders.pool-size-max", "orders.pool", "other.pool-size");
			publish(context, "orders.pool-size");

			assertThat(calls(context, "poolSize")).containsExactly("[orders.pool-size]");
		});
	}

	@Test
	void aPrefixListenerIsCalledForAKeyAtOrUnderItInRelaxedTerms() {
		this.runner.run((context) -> {
			publish(context, "orders-archive.size");
			publish(context, "orders.retry");
			publish(context, "orders.retry.max-attempts");
			publish(context, "orders.retry.maxAttempts");
			publish(context, "orders.retry-policy");

			assertThat(calls(context, "retry")).containsExactly("[orders.retry]", "[orders.retry.max-attempts]",
					"[orders.retry.maxAttempts]");
		});
	}

	@Test
	void aListenerWithKeysAndPrefixesIsCalledOnceForAChangeThatMatchesBoth() {
		this.runner.run((context) -> {
			publish(context, "orders.pool-size", "orders.retry.max-attempts", "other.name");

			assertThat(calls(context, "either"))
				.containsExactly("[orders.pool-size, orders.retry.max-attempts, other.name]");
		});
	}

	@Test
	void aListenerWithoutKeysOrPrefixesIsCalledForEveryChangeButNotForAnEmptyOne() {
		this.runner.run((context) -> {
			publish(context);
			publish(context, "anything.at-all");

			assertThat(calls(context, "everything")).containsExactly("[anything.at-all]");
		});
	}

	@Test
	void aListenerMayTakeNoArgument() {
		this.runner.run((context) -> {
			publish(context, "orders.pool-size");
			publish(context, "orders.other");

			assertThat(calls(context, "noArgument")).containsExactly("called");
		});
	}

	@Test
	void aListenerThatThrowsIsLoggedAndTheOthersAreStillCalled(CapturedOutput output) {
		// Failing's listener is called first.
		new ApplicationContextRunner().withBean(ConfigListenerMethods.class)
			.withBean(Failing.class)
			.withBean(Listeners.class)
			.run((context) -> {
				publish(context, "orders.pool-size");

				assertThat(calls(context, "poolSize")).containsExactly("[orders.pool-size]");
				assertThat(calls(context, "everything")).containsExactly("[orders.pool-size]");
				assertThat(output).contains("@McpConfigListener ConfigListenerMethodsTests.Failing.fail of bean",
						"failed on ConfigChangeEvent", "IllegalStateException: the listener failed");
			});
	}

	/** Spring hands a child context's events to its parent: the parent's listeners ignore the child client's. */
	@Test
	void aParentsListenersHearOfItsOwnClientsChangesNotOfAChildContexts(@TempDir Path snapshots) {
		McpClientProperties properties = new McpClientProperties();
		properties.setSnapshotDir(snapshots);
		ConfigTarget target = new ConfigTarget("shop", "test");
		try (McpConfigClient parentClient = McpConfigClient.create(properties, target);
				McpConfigClient childClient = McpConfigClient.create(properties, target)) {
			this.runner.withBean(McpConfigClient.class, () -> parentClient).run((parent) -> {
				new ApplicationContextRunner().withParent(parent)
					.withBean(ConfigListenerMethods.class)
					.withBean(McpConfigClient.class, () -> childClient)
					.run((child) -> publish(child, childClient, "orders.pool-size"));
				assertThat(calls(parent, "everything")).isEmpty();

				publish(parent, parentClient, "orders.pool-size");
				assertThat(calls(parent, "everything")).containsExactly("[orders.pool-size]");
			});
		}
	}

	@Test
	void aListenerWithAnotherArgumentStopsTheStartUp() {
		this.runner.withBean(WrongArgument.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@McpConfigListener method ConfigListenerMethodsTests.WrongArgument.onChange")
				.hasMessageContaining("must take a ConfigChangeEvent or no argument"));
	}

	@Test
	void aPrefixThatIsNoPropertyNameStopsTheStartUp() {
		this.runner.withBean(WrongPrefix.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@McpConfigListener method ConfigListenerMethodsTests.WrongPrefix.onChange")
				.hasMessageContaining("prefix 'Orders.' is not a property name"));
	}

	private static void publish(ApplicationContext context, String... keys) {
		publish(context, context, keys);
	}

	private static void publish(ApplicationContext context, Object source, String... keys) {
		Map<String, PropertyChange> changes = Arrays.stream(keys)
			.collect(Collectors.toMap(Function.identity(),
					(key) -> new PropertyChange(key, "old", "new", ChangeType.MODIFIED)));
		context.publishEvent(new ConfigChangeEvent(source, new ConfigTarget("shop", "test"), 1, 2, changes,
				ConfigSource.REMOTE));
	}

	private static List<String> calls(ApplicationContext context, String listener) {
		return context.getBean(Listeners.class).calls.stream()
			.filter((call) -> call.startsWith(listener + " "))
			.map((call) -> call.substring(listener.length() + 1))
			.toList();
	}

	static class Listeners {

		final List<String> calls = new CopyOnWriteArrayList<>();

		@McpConfigListener(keys = "orders.pool-size")
		void poolSize(ConfigChangeEvent event) {
			this.calls.add("poolSize " + event.changedKeys());
		}

		@McpConfigListener(prefixes = "orders.retry")
		void retry(ConfigChangeEvent event) {
			this.calls.add("retry " + event.changedKeys());
		}

		@McpConfigListener(keys = "orders.pool-size", prefixes = "orders.retry")
		void either(ConfigChangeEvent event) {
			this.calls.add("either " + event.changedKeys());
		}

		@McpConfigListener
		void everything(ConfigChangeEvent event) {
			this.calls.add("everything " + event.changedKeys());
		}

		@McpConfigListener(keys = "orders.pool-size")
		void noArgument() {
			this.calls.add("noArgument called");
		}

	}

	static class Failing {

		@McpConfigListener(keys = "orders.pool-size")
		void fail() {
			throw new IllegalStateException("the listener failed");
		}

	}

	static class WrongArgument {

		@McpConfigListener(keys = "orders.pool-size")
		void onChange(String key) {
		}

	}

	static class WrongPrefix {

		@McpConfigListener(prefixes = "Orders.")
		void onChange() {
		}

	}

}
