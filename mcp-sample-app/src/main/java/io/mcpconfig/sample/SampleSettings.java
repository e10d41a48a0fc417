package io.mcpconfig.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings bound from {@code sample.*}. A JavaBean, not a record: Spring Cloud rebinds a
 * bean in place when its keys change, which constructor-bound records cannot be.
 */
@ConfigurationProperties(prefix = "sample")
public class SampleSettings {

	/** The greeting the service answers with. */
	private String greeting = "Hello";

	/** The size of the (imaginary) connection pool. */
	private int maxConnections = 10;

	/** How long a call may take. */
	private Duration timeout = Duration.ofSeconds(1);

	public String getGreeting() {
		return greeting;
	}

	public void setGreeting(String greeting) {
		this.greeting = greeting;
	}

	public int getMaxConnections() {
		return maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public Duration getTimeout() {
		return timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
