package io.mcpconfig.client.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.Formatter;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release is checked with the conversions Spring Boot binds
 * {@code @ConfigurationProperties} beans with: a bean whose field only a
 * {@code @ConfigurationPropertiesBinding} converter or formatter, or the application's own
 * {@code conversionService}, converts takes a release that changes its prefix as it took
 * the start.
 */
class CandidateConversionTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void releaseUnderAPrefixWithAFieldABindingConverterConvertsIsApplied() {
		assertReleaseUnderShopIsApplied(PriceConverter.class, "--shop.price=500");
	}

	@Test
	void releaseUnderAPrefixWithAFieldABindingFormatterConvertsIsApplied() {
		assertReleaseUnderShopIsApplied(PriceFormatter.class, "--shop.price=500");
	}

	@Test
	void releaseUnderAPrefixWithAFieldTheApplicationsConversionServiceConvertsIsApplied() {
		assertReleaseUnderShopIsApplied(PriceConversionService.class, "--shop.price=500");
	}

	@Test
	void releaseUnderAPrefixWithAConfigTreeFieldABindingConverterConvertsIsApplied(@TempDir Path tree)
			throws IOException {
		// a config tree gives a file's content as a CharSequence that is not a String
		Files.createDirectories(tree.resolve("shop"));
		Files.writeString(tree.resolve("shop/price"), "500");
		assertReleaseUnderShopIsApplied(PriceConverter.class, "--spring.config.import=mcp:,configtree:" + tree + "/");
	}

	@Test
	void releaseThatTheBindingConverterRefusesIsNacked() {
		this.server.setRelease(Map.of("shop.label", "one", "shop.price", "500"));
		try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder().sources(PriceConverter.class),
				this.server.address())) {
			this.server.awaitSubscribed(1);

			Nack nack = this.server.awaitNack(this.server.publish(Map.of("shop.label", "two", "shop.price", "free")));

			assertThat(nack.getReason()).contains("shop.price=free", "ShopProperties");
			assertThat(context.getBean(ShopProperties.class).getPrice()).isEqualTo(new Price(500));
			assertThat(context.getBean(ShopProperties.class).getLabel()).isEqualTo("one");
		}
	}

	private void assertReleaseUnderShopIsApplied(Class<?> conversion, String... args) {
		this.server.setRelease(Map.of("shop.label", "one"));
		try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder().sources(conversion),
				this.server.address(), args)) {
			ShopProperties shop = context.getBean(ShopProperties.class);
			assertThat(shop.getPrice()).isEqualTo(new Price(500));
			this.server.awaitSubscribed(1);

			ConfigUpdate update = this.server.publish(Map.of("shop.label", "two"));

			eventually().until(() -> answered(update));
			assertThat(this.server.nacks()).as("NACKs").isEmpty();
			assertThat(shop.getLabel()).isEqualTo("two");
			assertThat(shop.getPrice()).isEqualTo(new Price(500));
		}
	}

	private boolean answered(ConfigUpdate update) {
		return this.server.acks().stream().anyMatch((ack) -> ack.getNonce().equals(update.getNonce()))
				|| this.server.nacks().stream().anyMatch((nack) -> nack.getNonce().equals(update.getNonce()));
	}

	public record Price(long cents) {

		static Price parse(String text) {
			return new Price(Long.parseLong(text.trim()));
		}

	}

	@ConfigurationProperties("shop")
	public static class ShopProperties {

		private String label = "none";

		private Price price;

		public String getLabel() {
			return this.label;
		}

		public void setLabel(String label) {
			this.label = label;
		}

		public Price getPrice() {
			return this.price;
		}

		public void setPrice(Price price) {
			this.price = price;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ShopProperties.class)
	static class PriceConverter {

		@Bean
		@ConfigurationPropertiesBinding
		static Converter<String, Price> priceConverter() {
			return Price::parse;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ShopProperties.class)
	static class PriceFormatter {

		@Bean
		@ConfigurationPropertiesBinding
		static Formatter<Price> priceFormatter() {
			return new Formatter<>() {

				@Override
				public Price parse(String text, Locale locale) {
					return Price.parse(text);
				}

				@Override
				public String print(Price price, Locale locale) {
					return Long.toString(price.cents());
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ShopProperties.class)
	static class PriceConversionService {

		@Bean
		static ConversionService conversionService() {
			ApplicationConversionService conversion = new ApplicationConversionService();
			conversion.addConverter(String.class, Price.class, Price::parse);
			return conversion;
		}

	}

}
