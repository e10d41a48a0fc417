package io.mcpconfig.client.boot4;

import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;

import io.mcpconfig.client.config.ClientRegistration;
import io.mcpconfig.client.config.ImportDecision;
import io.mcpconfig.client.config.McpConfigClient;

/**
 * The client registration over Boot 4's bootstrap context ({@code org.springframework.boot.bootstrap}).
 */
final class Boot4ClientRegistration extends ClientRegistration {

	private final ConfigurableBootstrapContext bootstrap;

	Boot4ClientRegistration(ConfigurableBootstrapContext bootstrap) {
		this.bootstrap = bootstrap;
	}

	@Override
	public void registerAndPromote(Supplier<McpConfigClient> factory) {
		if (this.bootstrap.isRegistered(McpConfigClient.class)) {
			return;
		}
		// created now, not on first use: a failed start closes only a client that exists (FailedStartCleanup)
		this.bootstrap.register(McpConfigClient.class, InstanceSupplier.of(factory.get()));
		this.bootstrap.addCloseListener((event) -> promote(event.getBootstrapContext().get(McpConfigClient.class),
				event.getApplicationContext()));
	}

	@Override
	public McpConfigClient get() {
		return this.bootstrap.get(McpConfigClient.class);
	}

	@Override
	public Optional<ImportDecision> decision() {
		return this.bootstrap.isRegistered(ImportDecision.class) ? Optional.of(this.bootstrap.get(ImportDecision.class))
				: Optional.empty();
	}

	@Override
	public void decide(ImportDecision decision) {
		this.bootstrap.registerIfAbsent(ImportDecision.class, InstanceSupplier.of(decision));
	}

}
