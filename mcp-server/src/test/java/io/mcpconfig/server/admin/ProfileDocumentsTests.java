package io.mcpconfig.server.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.mcpconfig.server.release.ConfigDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Multi-document configurations: what each set of active profiles resolves to is checked
 * against Spring Boot reading the very same file, and what the center cannot serve is
 * refused with its key and place.
 */
class ProfileDocumentsTests {

	/** Later documents win, plain ones too, across expressions, lists and negations. */
	private static final String INTERLEAVED = """
			a: 1
			b: 1
			c: 1
			---
			spring.config.activate.on-profile: eu
			a: eu
			b: eu
			---
			b: plain-later
			d: plain
			---
			spring:
			  config:
			    activate:
			      on-profile: "eu & prod"
			c: eu-prod
			---
			spring.config.activate.on-profile: "!eu"
			a: not-eu
			---
			spring.config.activate.on-profile: [asia, prod]
			d: asia-or-prod
			e: only-there
			""";

	@TempDir
	Path dir;

	@ParameterizedTest(name = "profiles [{0}]")
	@ValueSource(strings = { "", "eu", "eu,prod", "prod", "asia", "asia,eu" })
	void resolvesAsSpringBootReadsTheSameYaml(String profiles) throws Exception {
		ConfigDocuments documents = YamlConfigParser.parseDocuments(INTERLEAVED);
		assertResolvesAsBoot(documents, "application.yml", INTERLEAVED, profiles);
	}

	@ParameterizedTest(name = "profiles [{0}]")
	@ValueSource(strings = { "", "dev", "dev,eu" })
	void resolvesAsSpringBootReadsTheSameProperties(String profiles) throws Exception {
		String properties = """
				pool=1
				url=jdbc:h2:mem:x
				#---
				spring.config.activate.on-profile=dev
				pool=2
				debug=true
				#---
				url=jdbc:postgresql://db/x
				#---
				spring.config.activate.on-profile=dev & eu
				url=jdbc:postgresql://eu-db/x
				""";
		ConfigDocuments documents = PropertiesConfigParser.parseDocuments(properties);
		assertThat(documents.profiles()).hasSize(2);
		assertResolvesAsBoot(documents, "application.properties", properties, profiles);
	}

	/** Boot binds one text value of {@code on-profile} to a list by its commas: any item activates it. */
	@ParameterizedTest(name = "profiles [{0}]")
	@ValueSource(strings = { "", "eu", "prod", "asia", "eu,prod" })
	void aCommaSeparatedOnProfileIsAListAsSpringBootReadsIt(String profiles) throws Exception {
		String yaml = """
				a: 1
				b: 1
				---
				spring.config.activate.on-profile: asia, prod
				a: asia-or-prod
				---
				spring.config.activate.on-profile: eu & prod,asia
				b: eu-prod-or-asia
				""";
		assertResolvesAsBoot(YamlConfigParser.parseDocuments(yaml), "application.yml", yaml, profiles);
		String properties = """
				a=1
				#---
				spring.config.activate.on-profile=asia,prod
				a=asia-or-prod
				""";
		assertResolvesAsBoot(PropertiesConfigParser.parseDocuments(properties), "application.properties", properties,
				profiles);
	}

	@Test
	void aSingleDocumentHasNoProfilesAndAnEmptyTrailingDocumentIsSkipped() {
		ConfigDocuments documents = YamlConfigParser.parseDocuments("a: 1\n---\n");
		assertThat(documents.properties()).isEqualTo(Map.of("a", "1"));
		assertThat(documents.hasProfiles()).isFalse();
	}

	@Test
	void anActivationTheCenterCannotServeIsRefusedWithItsKeyAndLine() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parseDocuments("a: 1\n---\nspring.profiles: dev\nb: 2\n"))
			.withMessageContaining("'spring.profiles' at line 3 is the legacy profile activation");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parseDocuments("a: 1\n---\nspring.config.activate.on-cloud-platform: k8s\n"))
			.withMessageContaining("on-cloud-platform' at line 3 is not supported");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parseDocuments("spring.config.activate.when: x\n"))
			.withMessageContaining("is not an activation Spring Boot knows");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser
				.parseDocuments("a: 1\n---\nspring.config.activate.on-profile: dev\nspring.profiles.active: eu\n"))
			.withMessageContaining("'spring.profiles.active' at line 4 cannot be set in a profile document");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parseDocuments("a: 1\n---\nspring.config.activate.on-profile: dev & | eu\n"))
			.withMessageContaining("at line 3")
			.withMessageContaining("is not a profile expression");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser.parseDocuments("a=1\n#---\nspring.config.activate.on-profile=\n"))
			.withMessageContaining("in the document from line 3")
			.withMessageContaining("the profile expression is empty");
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser
				.parseDocuments("a=1\n#---\nspring.config.activate.on-profile[99999999999]=prod\nb=2\n"))
			.withMessageContaining("'spring.config.activate.on-profile[99999999999]' in the document from line 3 has a list index beyond"
					+ " 2147483647, which Spring Boot cannot read");
	}

	@Test
	void anOverlayInPropertiesReadsTheSeparatorAsTheCommentItIs() {
		assertThat(PropertiesConfigParser.parse("a=1\n#---\nb=2\n")).isEqualTo(Map.of("a", "1", "b", "2"));
	}

	@Test
	void tooManyProfileDocumentsAreRefused() {
		StringBuilder yaml = new StringBuilder("a: 1\n");
		for (int i = 0; i <= ConfigDocuments.MAX_PROFILE_DOCUMENTS; i++) {
			yaml.append("---\nspring.config.activate.on-profile: p").append(i).append("\nk: ").append(i).append('\n');
		}
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parseDocuments(yaml.toString()))
			.withMessageContaining("at most " + ConfigDocuments.MAX_PROFILE_DOCUMENTS);
	}

	private void assertResolvesAsBoot(ConfigDocuments documents, String fileName, String content, String profiles)
			throws Exception {
		Path file = Files.writeString(this.dir.resolve(fileName), content);
		List<String> active = profiles.isEmpty() ? List.of() : Arrays.asList(profiles.split(","));
		Map<String, String> ours = documents.resolve(documents.matching(active));
		TreeSet<String> keys = new TreeSet<>(documents.properties().keySet());
		documents.profiles().forEach((document) -> keys.addAll(document.properties().keySet()));
		try (ConfigurableApplicationContext boot = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.config.location=file:" + file, "spring.profiles.active=" + profiles,
					"spring.main.banner-mode=off")
			.run()) {
			for (String key : keys) {
				assertThat(ours.get(key)).as(key + " with profiles [" + profiles + "]")
					.isEqualTo(boot.getEnvironment().getProperty(key));
			}
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
