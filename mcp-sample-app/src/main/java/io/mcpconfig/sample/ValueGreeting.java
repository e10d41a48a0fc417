package io.mcpconfig.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Holds the greeting in a plain {@code @Value} field of a singleton: it changes because
 * {@code mcp.client.refresh.value-injection} is on. Volatile, so request threads see the
 * value the client's thread injects.
 */
@Component
public class ValueGreeting {

	@Value("${sample.greeting:Hello}")
	private volatile String greeting;

	public String greeting() {
		return greeting;
	}

}
