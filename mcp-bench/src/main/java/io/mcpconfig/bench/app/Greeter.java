package io.mcpconfig.bench.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.stereotype.Component;

/** The greeting as a plain {@code @Value}: it changes only because the bean is refresh-scoped. */
@RefreshScope
@Component
public class Greeter {

	private final String greeting;

	public Greeter(@Value("${sample.greeting:Hello}") String greeting) {
		this.greeting = greeting;
	}

	public String greeting() {
		return this.greeting;
	}

}
