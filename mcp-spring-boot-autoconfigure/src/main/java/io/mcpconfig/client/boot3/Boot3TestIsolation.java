package io.mcpconfig.client.boot3;

import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.testing.TestIsolation;

/**
 * The {@link TestIsolation} as Boot 3's {@code EnvironmentPostProcessor}.
 */
public class Boot3TestIsolation extends TestIsolation implements EnvironmentPostProcessor {

	public Boot3TestIsolation(DeferredLogFactory logFactory) {
		super(logFactory);
	}

}
