package io.mcpconfig.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.Min;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.snapshot.ProfilesAndLabels;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * A small application using the client the way users do: a
 * {@code @ConfigurationProperties} bean, a {@code @RefreshScope} bean and a
 * {@link ConfigChangeEvent} listener.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties({ TestApp.SampleProperties.class, TestApp.OtherProperties.class,
		TestApp.LimitsProperties.class, TestApp.StoreProperties.class, TestApp.RoutesProperties.class })
public class TestApp {

	public static final String APP = "test-app";

	public static final String ENV = "test";

	/** The property source name of {@link #APP}/{@link #ENV}. */
	public static final String SOURCE_NAME = "mcp:" + APP + "/" + ENV;

	/**
	 * What the center serves the app by when a test sets neither profiles nor labels: Boot's
	 * default profile, which the client sends when none is active.
	 */
	public static final ProfilesAndLabels UNPROFILED = new ProfilesAndLabels(List.of("default"), Map.of());

	/** An {@code other.name} that binds but fails the bean's initialization. */
	public static final String EXPLODING = "explode";

	/**
	 * Runs the app against a config center, importing {@code mcp:} on the command line,
	 * with short heartbeat and reconnect intervals; {@code --name=value} arguments replace
	 * these defaults.
	 */
	public static ConfigurableApplicationContext run(String serverAddresses, String... extraArgs) {
		return run(builder(), serverAddresses, extraArgs);
	}

	/**
	 * Runs the given builder like {@link #run(String, String...)}, for tests that add
	 * sources of their own.
	 */
	public static ConfigurableApplicationContext run(SpringApplicationBuilder builder, String serverAddresses,
			String... extraArgs) {
		Map<String, String> args = new LinkedHashMap<>();
		args.put("spring.config.import", "mcp:");
		args.put("mcp.client.server-addresses", serverAddresses);
		args.put("spring.application.name", APP);
		args.put("mcp.client.env", ENV);
		args.put("mcp.client.heartbeat-interval", "200ms");
		args.put("mcp.client.reconnect.initial-backoff", "100ms");
		args.put("mcp.client.reconnect.max-backoff", "400ms");
		args.put("mcp.client.request-timeout", "3s");
		args.put("spring.main.banner-mode", "off");
		for (String arg : extraArgs) {
			int equals = arg.indexOf('=');
			args.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		return builder.run(args.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));
	}

	/**
	 * The app, without web server; each builder keeps its snapshot in a directory of its
	 * own under {@code target/}, unless a test sets {@code mcp.client.snapshot-dir}.
	 */
	public static SpringApplicationBuilder builder() {
		Path snapshots = Path.of("target", "test-snapshots", UUID.randomUUID().toString()).toAbsolutePath();
		return new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
			.properties("mcp.client.snapshot-dir=" + snapshots);
	}

	/** The live threads whose name starts with a prefix: what a component started and did not stop. */
	public static List<Thread> liveThreads(String namePrefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith(namePrefix))
			.toList();
	}

	@Bean
	@RefreshScope
	Greeter greeter(@Value("${sample.greeting:none}") String greeting) {
		return new Greeter(greeting);
	}

	@Bean
	ChangeEvents changeEvents() {
		return new ChangeEvents();
	}

	@Bean
	StartupProbe startupProbe(Environment environment) {
		return new StartupProbe(environment);
	}

	@Bean
	GreetingVeto greetingVeto() {
		return new GreetingVeto();
	}

	@Bean
	@ConfigurationProperties("tuned")
	TunedProperties tunedProperties() {
		TunedProperties tuned = new TunedProperties();
		tuned.setLevel(TunedProperties.LEVEL_SET_BY_THE_METHOD);
		return tuned;
	}

	/** Reads {@code sample.*}; counts its (re)binds. */
	@ConfigurationProperties("sample")
	public static class SampleProperties implements InitializingBean {

		private final AtomicInteger binds = new AtomicInteger();

		private String greeting;

		private int maxConnections;

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public int binds() {
			return this.binds.get();
		}

		@Override
		public void afterPropertiesSet() {
			this.binds.incrementAndGet();
		}

	}

	/**
	 * Reads {@code other.*}; counts its (re)binds. Refuses the name {@value #EXPLODING} when
	 * initialized, which binding alone cannot tell: rebinding it fails.
	 */
	@ConfigurationProperties(prefix = "other")
	public static class OtherProperties implements InitializingBean {

		private final AtomicInteger binds = new AtomicInteger();

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public int binds() {
			return this.binds.get();
		}

		@Override
		public void afterPropertiesSet() {
			this.binds.incrementAndGet();
			if (EXPLODING.equals(this.name)) {
				throw new IllegalStateException("other.name must not be " + EXPLODING);
			}
		}

	}

	/** Reads {@code limits.*}, validated with JSR-303. */
	@ConfigurationProperties("limits")
	@Validated
	public static class LimitsProperties {

		@Min(1)
		private int size = 1;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

	/**
	 * Reads {@code routes.*}: a defaulted scalar, a list with a setter, and a map and a
	 * nested object that have only getters, bound in place.
	 */
	@ConfigurationProperties("routes")
	public static class RoutesProperties {

		public static final String DEFAULT_NAME = "default-route";

		public static final DataSize DEFAULT_MAX_BODY = DataSize.ofKilobytes(64);

		public static final String DEFAULT_MODE = "auto";

		/** Instances made in this JVM: the bean, and each one bound to check or reset it. */
		public static final AtomicInteger INSTANCES = new AtomicInteger();

		private String name = DEFAULT_NAME;

		private List<String> hosts = new ArrayList<>();

		private final Map<String, String> targets = new LinkedHashMap<>();

		private final Retry retry = new Retry();

		private DataSize maxBody = DEFAULT_MAX_BODY;

		@Name("mode")
		private String operatingMode = DEFAULT_MODE;

		public RoutesProperties() {
			INSTANCES.incrementAndGet();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public List<String> getHosts() {
			return this.hosts;
		}

		public void setHosts(List<String> hosts) {
			this.hosts = hosts;
		}

		public Map<String, String> getTargets() {
			return this.targets;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public DataSize getMaxBody() {
			return this.maxBody;
		}

		public void setMaxBody(DataSize maxBody) {
			this.maxBody = maxBody;
		}

		public String getOperatingMode() {
			return this.operatingMode;
		}

		public void setOperatingMode(String operatingMode) {
			this.operatingMode = operatingMode;
		}

		public static class Retry {

			public static final int DEFAULT_ATTEMPTS = 3;

			private int attempts = DEFAULT_ATTEMPTS;

			public int getAttempts() {
				return this.attempts;
			}

			public void setAttempts(int attempts) {
				this.attempts = attempts;
			}

		}

	}

	/** Reads {@code tuned.*}: declared by a {@code @Bean} method that sets a value of its own. */
	public static class TunedProperties {

		public static final int LEVEL_SET_BY_THE_METHOD = 7;

		private int level = 1;

		public int getLevel() {
			return this.level;
		}

		public void setLevel(int level) {
			this.level = level;
		}

	}

	/** Reads {@code store.*}: a numeric secret, validated, whose value must show nowhere. */
	@ConfigurationProperties("store")
	@Validated
	public static class StoreProperties {

		@Min(1000)
		private int password = 1000;

		public int getPassword() {
			return this.password;
		}

		public void setPassword(int password) {
			this.password = password;
		}

	}

	/** Vetoes {@code sample.greeting=forbidden}; counts the changes it was asked about. */
	public static class GreetingVeto implements ConfigChangeValidator {

		public static final String FORBIDDEN = "forbidden";

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		public void validate(ConfigChangeEvent proposed) {
			this.calls.incrementAndGet();
			PropertyChange greeting = proposed.getChanges().get("sample.greeting");
			if (greeting != null && FORBIDDEN.equals(greeting.newValue())) {
				throw new ConfigRejectedException("sample.greeting must not be " + FORBIDDEN);
			}
		}

		public int calls() {
			return this.calls.get();
		}

	}

	/** A refresh-scoped bean: re-created with the current greeting after a refresh. */
	public static class Greeter {

		private final String greeting;

		Greeter(String greeting) {
			this.greeting = greeting;
		}

		public String greeting() {
			return this.greeting;
		}

	}

	/** Every {@link ConfigChangeEvent} received, in order. */
	public static class ChangeEvents {

		private final List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ConfigChangeEvent event) {
			this.events.add(event);
		}

		public List<ConfigChangeEvent> all() {
			return List.copyOf(this.events);
		}

		public ConfigChangeEvent last() {
			return this.events.get(this.events.size() - 1);
		}

	}

	/** What {@code sample.greeting} was while the application was starting. */
	public static class StartupProbe implements ApplicationRunner {

		private final Environment environment;

		private volatile String greetingAtStartup;

		StartupProbe(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void run(ApplicationArguments args) {
			this.greetingAtStartup = this.environment.getProperty("sample.greeting");
		}

		public String greetingAtStartup() {
			return this.greetingAtStartup;
		}

	}

}
