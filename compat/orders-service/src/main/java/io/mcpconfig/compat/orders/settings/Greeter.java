package io.mcpconfig.compat.orders.settings;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.stereotype.Component;

/** The greeting as a plain {@code @Value}: it follows a change only because the bean is refresh-scoped. */
@RefreshScope
@Component
public class Greeter {

	private final String greeting;

	public Greeter(@Value("${orders.greeting}") String greeting) {
		this.greeting = greeting;
	}

	public String greeting() {
		return greeting;
	}

}
