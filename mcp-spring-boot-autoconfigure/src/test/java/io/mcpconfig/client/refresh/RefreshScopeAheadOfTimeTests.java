package io.mcpconfig.client.refresh;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.cloud.context.scope.GenericScope;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A context with a {@code @RefreshScope} bean and Spring Cloud's refresh
 * auto-configuration, processed ahead of time as {@code spring-boot:process-aot} does: the
 * generated code is compiled and a new context started from it, whose bean is refreshed.
 */
class RefreshScopeAheadOfTimeTests {

	private final Map<String, Object> properties = new HashMap<>(Map.of("greeting", "before"));

	@Test
	@CompileWithForkedClassLoader // the generated code reaches this class's package-private configurations
	void aRefreshScopedBeanIsProcessedAheadOfTimeAndRefreshesInTheContextStartedFromTheCode() {
		GenericApplicationContext processed = context(WithReferences.class);
		TestGenerationContext generation = new TestGenerationContext();
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(processed, generation);
		generation.writeGeneratedContent();
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			GenericApplicationContext started = new GenericApplicationContext();
			started.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", this.properties));
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> fromCode = compiled
				.getInstance(ApplicationContextInitializer.class, initializer.reflectionName());
			fromCode.initialize(started);
			started.refresh();
			try {
				Greeting greeting = started.getBean(Greeting.class);
				assertThat(greeting.text()).isEqualTo("before");
				this.properties.put("greeting", "after");
				started.getBean(org.springframework.cloud.context.scope.refresh.RefreshScope.class).refreshAll();
				assertThat(greeting.text()).isEqualTo("after");
			}
			finally {
				started.close();
			}
		});
	}

	/** What Spring Cloud alone does: if this ever passes, the references are no longer needed. */
	@Test
	void withoutTheReferencesSpringCloudsRefreshScopeCannotBeProcessedAheadOfTime() {
		GenericApplicationContext processed = context(WithoutReferences.class);
		assertThatException()
			.isThrownBy(() -> new ApplicationContextAotGenerator().processAheadOfTime(processed,
					new TestGenerationContext()))
			.withStackTraceContaining("Failed to generate code for 'org.springframework.cloud.context.scope.refresh.RefreshScope@");
	}

	@Test
	void theReferencesAreThereWithSpringCloudsScopeEvenWithTheClientOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RefreshScopeAotAutoConfiguration.class))
			.withPropertyValues("mcp.client.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RefreshScopeReferences.class));
	}

	@Test
	void withoutSpringCloudsScopeThereAreNoReferences() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RefreshScopeAotAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(GenericScope.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RefreshScopeReferences.class));
	}

	@Test
	void theAutoConfigurationIsListedForBoot() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
			.contains(RefreshScopeAotAutoConfiguration.class.getName());
	}

	private GenericApplicationContext context(Class<?> configuration) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", this.properties));
		AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
		context.registerBean(configuration);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ RefreshAutoConfiguration.class, GreetingConfiguration.class })
	static class WithoutReferences {

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ RefreshAutoConfiguration.class, RefreshScopeAotAutoConfiguration.class, GreetingConfiguration.class })
	static class WithReferences {

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingConfiguration {

		@Bean
		@RefreshScope
		Greeting greeting(@Value("${greeting}") String text) {
			return new Greeting(text);
		}

	}

	static class Greeting {

		private final String text;

		Greeting(String text) {
			this.text = text;
		}

		String text() {
			return this.text;
		}

	}

}
