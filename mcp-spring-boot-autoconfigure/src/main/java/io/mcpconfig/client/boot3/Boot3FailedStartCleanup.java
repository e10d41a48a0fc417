package io.mcpconfig.client.boot3;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.config.FailedStartCleanup;

/**
 * The {@link FailedStartCleanup} as Boot 3's {@code SpringApplicationRunListener}: it
 * remembers the start's bootstrap context, which the failure does not carry.
 */
public class Boot3FailedStartCleanup implements SpringApplicationRunListener {

	private ConfigurableBootstrapContext bootstrap;

	public Boot3FailedStartCleanup(SpringApplication application, String[] args) {
	}

	@Override
	public void starting(ConfigurableBootstrapContext bootstrapContext) {
		this.bootstrap = bootstrapContext;
	}

	@Override
	public void failed(ConfigurableApplicationContext context, Throwable exception) {
		if (this.bootstrap != null) {
			FailedStartCleanup.closeClientOf(new Boot3ClientRegistration(this.bootstrap), context);
		}
	}

}
