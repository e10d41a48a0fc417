package io.mcpconfig.client.value;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans with {@code @Value} members of every kind value injection handles, added to
 * {@code TestApp}: a plain singleton and a {@code @RefreshScope} bean.
 */
@Configuration(proxyBeanMethods = false)
class ValueInjectionApp {

	@Bean
	Values values() {
		return new Values();
	}

	@Bean
	@RefreshScope
	ScopedValue scopedValue() {
		return new ScopedValue();
	}

	/** A singleton whose {@code @Value} members follow the configuration. */
	static class Values {

		@Value("${value.greeting:none}")
		volatile String greeting;

		@Value("${value.required}")
		volatile String required;

		@Value("${value.missing:fallback}")
		volatile String withDefault;

		@Value("${value.${value.which:a}:no-such-key}")
		volatile String nestedKey;

		@Value("${value.primary:${value.secondary:none}}")
		volatile String nestedDefault;

		@Value("${value.indirect:none}")
		volatile String indirect;

		@Value("${value.ports:1,2}")
		volatile List<Integer> ports;

		@Value("${value.timeout:1s}")
		volatile Duration timeout;

		@Value("${value.password:0}")
		volatile int password;

		@Value("#{'${value.greeting:none}'.toUpperCase()}")
		volatile String shouted;

		@Value("constant")
		volatile String constant;

		private final AtomicInteger portCalls = new AtomicInteger();

		private volatile int port;

		@Value("${value.port:8080}")
		void setPort(int port) {
			this.port = port;
			this.portCalls.incrementAndGet();
		}

		int port() {
			return this.port;
		}

		int portCalls() {
			return this.portCalls.get();
		}

	}

	/** A refresh-scoped bean: the refresh scope re-creates it, value injection leaves it alone. */
	public static class ScopedValue {

		@Value("${value.greeting:none}")
		private String greeting;

		public String greeting() {
			return this.greeting;
		}

	}

}
