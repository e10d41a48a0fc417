package io.mcpconfig.client.boot4;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.testing.TestIsolation;

/**
 * The {@link TestIsolation} as Boot 4's {@code EnvironmentPostProcessor}.
 */
public class Boot4TestIsolation extends TestIsolation implements EnvironmentPostProcessor {

	public Boot4TestIsolation(DeferredLogFactory logFactory) {
		super(logFactory);
	}

}
