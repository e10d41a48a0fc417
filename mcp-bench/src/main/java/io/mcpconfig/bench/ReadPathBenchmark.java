package io.mcpconfig.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.config.McpPropertySource;
import io.mcpconfig.protocol.ConfigChecksum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The read path (JMH): {@link McpPropertySource#getProperty} against Spring's
 * {@link MapPropertySource} holding the same properties (in a {@code LinkedHashMap}, as
 * Boot's YAML loader holds {@code application.yml}), a key that is there and one that is
 * not; and {@code Environment.getProperty} of a key, with either source first in a
 * {@link StandardEnvironment} (system properties and environment behind it) to which Boot's
 * {@code ConfigurationPropertySourcesPropertySource} is attached, as in every Boot
 * application; and, for reference, first an {@link OriginTrackedMapPropertySource} that
 * says it is immutable, as Boot holds {@code application.yml}. Run with {@code org.openjdk.jmh.Main ReadPathBenchmark} on the module's
 * class path ({@code target/classpath.txt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReadPathBenchmark {

	private static final ConfigTarget TARGET = new ConfigTarget("read-path", "bench");

	private static final String PRESENT = "sample.greeting";

	private static final String ABSENT = "sample.not-there";

	/** Properties of the configuration. */
	@Param({ "10", "1000" })
	public int keys;

	private McpConfigClient client;

	private McpPropertySource mcp;

	private MapPropertySource map;

	private StandardEnvironment onMcp;

	private StandardEnvironment onMap;

	private StandardEnvironment onYaml;

	@Setup
	public void setUp() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(PRESENT, "Hello");
		for (int k = 1; k < this.keys; k++) {
			properties.put("bench.fixed.key-" + k, "value number " + k);
		}
		McpClientProperties settings = new McpClientProperties();
		// a client without a center: nothing connects, the property source is the same
		settings.setLocalFile(Path.of("read-path-bench.yaml"));
		this.client = McpConfigClient.create(settings, TARGET);
		this.client.initialize(new HeldConfig(TARGET, 1, ConfigChecksum.of(properties), properties,
				ConfigSource.REMOTE, Instant.EPOCH, Instant.now()));
		this.mcp = this.client.propertySource();
		this.map = new MapPropertySource(McpPropertySource.nameOf(TARGET), new LinkedHashMap<>(properties));
		this.onMcp = environmentWith(this.mcp);
		this.onMap = environmentWith(this.map);
		this.onYaml = environmentWith(
				new OriginTrackedMapPropertySource("application.yml", new LinkedHashMap<>(properties), true));
	}

	private static StandardEnvironment environmentWith(PropertySource<?> first) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(first);
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	@TearDown
	public void tearDown() {
		this.client.close();
	}

	@Benchmark
	public Object mcpPresent() {
		return this.mcp.getProperty(PRESENT);
	}

	@Benchmark
	public Object mapPresent() {
		return this.map.getProperty(PRESENT);
	}

	@Benchmark
	public Object mcpAbsent() {
		return this.mcp.getProperty(ABSENT);
	}

	@Benchmark
	public Object mapAbsent() {
		return this.map.getProperty(ABSENT);
	}

	@Benchmark
	public Object environmentOnMcp() {
		return this.onMcp.getProperty(PRESENT);
	}

	@Benchmark
	public Object environmentOnMap() {
		return this.onMap.getProperty(PRESENT);
	}

	@Benchmark
	public Object environmentOnYaml() {
		return this.onYaml.getProperty(PRESENT);
	}

}
