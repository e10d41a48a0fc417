package io.mcpconfig.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpPropertySource;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.value.ValueInjectionPoints;
import io.mcpconfig.client.value.ValueRefresher;
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
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.beans.factory.annotation.AutowiredAnnotationBeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.support.PropertySourcesPlaceholderConfigurer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The check of value injection on each release (JMH): {@link ValueRefresher#check} of a
 * one-key change, in a bean factory of {@code beans} singletons (one of which has a
 * {@code @Value} field that reads the key) and {@code lazy} lazy singletons with such a
 * field that were never created. Spring's price is in the number of beans: the check finds
 * the lazy beans not created yet among all bean definitions. Run with
 * {@code org.openjdk.jmh.Main ValueCheckBenchmark} on the module's class path
 * ({@code target/classpath.txt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ValueCheckBenchmark {

	private static final ConfigTarget TARGET = new ConfigTarget("value-check", "bench");

	/** Bean definitions in the factory. */
	@Param({ "100", "1000", "5000" })
	public int beans;

	/** Of them, lazy singletons with a {@code @Value} field, never created. */
	@Param({ "0", "1" })
	public int lazy;

	private ValueRefresher refresher;

	private ConfigChangeEvent change;

	private HeldConfig candidate;

	@Setup
	public void setUp() {
		Map<String, String> before = new LinkedHashMap<>();
		for (int k = 0; k < 10; k++) {
			before.put("bench.key-" + k, "value " + k);
		}
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource(McpPropertySource.nameOf(TARGET), new HashMap<>(before)));
		ConfigurationPropertySources.attach(environment);

		DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
		factory.setAutowireCandidateResolver(new ContextAnnotationAutowireCandidateResolver());
		PropertySourcesPlaceholderConfigurer placeholders = new PropertySourcesPlaceholderConfigurer();
		placeholders.setEnvironment(environment);
		placeholders.postProcessBeanFactory(factory);
		AutowiredAnnotationBeanPostProcessor autowiring = new AutowiredAnnotationBeanPostProcessor();
		autowiring.setBeanFactory(factory);
		factory.addBeanPostProcessor(autowiring);
		ValueInjectionPoints points = new ValueInjectionPoints(factory, environment);
		factory.addBeanPostProcessor(points);
		factory.registerBeanDefinition("valued", new RootBeanDefinition(Valued.class));
		for (int i = 0; i < this.lazy; i++) {
			RootBeanDefinition definition = new RootBeanDefinition(Valued.class);
			definition.setLazyInit(true);
			factory.registerBeanDefinition("lazy-" + i, definition);
		}
		for (int i = 1 + this.lazy; i < this.beans; i++) {
			factory.registerBeanDefinition("plain-" + i, new RootBeanDefinition(Plain.class));
		}
		factory.freezeConfiguration();
		factory.preInstantiateSingletons();
		this.refresher = new ValueRefresher(factory, environment, points);

		Map<String, String> after = new LinkedHashMap<>(before);
		after.put("bench.key-0", "changed");
		HeldConfig held = held(1, before);
		this.candidate = held(2, after);
		this.change = ConfigChangeEvent.between(this, held, this.candidate);
	}

	private static HeldConfig held(long version, Map<String, String> properties) {
		return new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, ConfigSource.REMOTE,
				Instant.EPOCH, Instant.now());
	}

	@Benchmark
	public Object checkOneKeyChanged() {
		this.refresher.check(this.change, this.candidate);
		return this.refresher;
	}

	/** A bean whose field reads the changed key. */
	public static class Valued {

		@Value("${bench.key-0}")
		public String value;

	}

	/** A bean without any {@code @Value}. */
	public static class Plain {

	}

}
