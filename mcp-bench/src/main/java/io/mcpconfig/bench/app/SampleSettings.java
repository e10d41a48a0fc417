package io.mcpconfig.bench.app;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings bound from {@code sample.*}, as the sample app's: rebound in place when they change. */
@ConfigurationProperties(prefix = "sample")
public class SampleSettings {

	/** The greeting. */
	private String greeting = "Hello";

	/** The size of the (imaginary) connection pool. */
	private int maxConnections = 10;

	/** How long a call may take. */
	private Duration timeout = Duration.ofSeconds(1);

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

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
