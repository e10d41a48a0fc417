package io.mcpconfig.client.config;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigData.Option;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * Loads the configuration of an {@code mcp:} import. The first load fetches it from the
 * config center; every later load (Spring Cloud's refresh re-runs every loader) serves
 * what the client holds and never calls the network.
 */
public class McpConfigDataLoader implements ConfigDataLoader<McpConfigDataResource> {

	private final Log log;

	public McpConfigDataLoader(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(McpConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, McpConfigDataResource resource) {
		if (!resource.isEnabled()) {
			return ConfigData.EMPTY;
		}
		McpConfigClient client = ClientRegistration.get(context.getBootstrapContext());
		if (!client.isInitialized()) {
			client.initialize(firstLoad(client, resource));
		}
		// The config center's documents are plain properties: they neither import nor
		// activate profiles.
		return new ConfigData(List.of(client.propertySource()), Option.IGNORE_IMPORTS, Option.IGNORE_PROFILES);
	}

	private HeldConfig firstLoad(McpConfigClient client, McpConfigDataResource resource) {
		try {
			HeldConfig fetched = client.fetch();
			this.log.info("Loaded " + fetched + " from MCP Config");
			saveSnapshot(client, fetched);
			return fetched;
		}
		catch (ConfigFetchException ex) {
			if (resource.isOptionalImport() || !client.properties().isFailFast()) {
				this.log.warn(ex.getMessage() + ". Starting with an empty configuration until the config center answers.");
				return HeldConfig.empty(client.target(), Instant.now());
			}
			client.close();
			throw ex;
		}
	}

	private void saveSnapshot(McpConfigClient client, HeldConfig fetched) {
		try {
			client.snapshotFile().write(fetched, Instant.now());
		}
		catch (IOException | RuntimeException ex) {
			this.log.warn("Could not write the MCP Config snapshot " + client.snapshotFile() + ": " + ex);
		}
	}

}
