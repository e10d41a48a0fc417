package io.mcpconfig.client.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigData.Option;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.util.StringUtils;

import io.mcpconfig.client.fallback.StartupFallback;
import io.mcpconfig.client.local.LocalConfigFile;
import io.mcpconfig.client.local.LocalFileException;

/**
 * Loads the configuration of an {@code mcp:} import. The first load fetches it from the
 * config center, to be kept in the local snapshot once the context that uses it has
 * refreshed ({@link io.mcpconfig.client.snapshot.StartupSnapshot}), unless this instance
 * refused that release before: then it starts from the snapshot
 * ({@link StartupFallback#loadSnapshotInsteadOf}). When the center cannot serve, it
 * starts from the snapshot, else from the fallback YAML, else empty or not at all
 * ({@code fail-fast}). With {@code mcp.client.local-file} it reads that file and never
 * touches the network. Every later load (Spring Cloud's refresh re-runs every loader)
 * serves what the client holds and never calls the network. Each Boot line's adapter
 * supplies the {@link ClientRegistration} over its bootstrap context.
 */
public abstract class McpConfigDataLoader implements ConfigDataLoader<McpConfigDataResource> {

	private final Log log;

	protected McpConfigDataLoader(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(McpConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, McpConfigDataResource resource) {
		if (!resource.isEnabled()) {
			return ConfigData.EMPTY;
		}
		McpConfigClient client = registration(context).get();
		if (!client.isInitialized()) {
			try {
				client.initialize(firstLoad(client, resource));
			}
			catch (RuntimeException ex) {
				// The start-up stops here: nothing else will close the client's channel.
				client.close();
				throw ex;
			}
		}
		// The config center's documents are plain properties: they neither import nor
		// activate profiles.
		return new ConfigData(List.of(client.propertySource()), Option.IGNORE_IMPORTS, Option.IGNORE_PROFILES);
	}

	/**
	 * The client registration of the bootstrap context being prepared.
	 * @param context the loader context
	 * @return the registration
	 */
	protected abstract ClientRegistration registration(ConfigDataLoaderContext context);

	private HeldConfig firstLoad(McpConfigClient client, McpConfigDataResource resource) {
		if (client.servesLocalFile()) {
			return localFile(client, resource);
		}
		try {
			HeldConfig fetched = client.fetch(this.log);
			Optional<HeldConfig> instead = new StartupFallback(client, this.log).loadSnapshotInsteadOf(fetched);
			if (instead.isPresent()) {
				return instead.get();
			}
			this.log.info("Loaded " + fetched + " from MCP Config");
			client.saveSnapshotOnceStarted(fetched);
			return fetched;
		}
		catch (ConfigFetchException ex) {
			return degraded(client, resource, ex);
		}
	}

	/**
	 * The config center cannot serve: the snapshot, else the fallback YAML, else nothing
	 * (or, with fail-fast, no start). The session keeps trying the center once the
	 * application is ready.
	 */
	private HeldConfig degraded(McpConfigClient client, McpConfigDataResource resource, ConfigFetchException ex) {
		StartupFallback fallback = new StartupFallback(client, this.log);
		Optional<HeldConfig> local = fallback.load(ex.getMessage());
		if (local.isPresent()) {
			return local.get();
		}
		if (resource.isOptionalImport() || !client.properties().isFailFast()) {
			this.log.warn(ex.getMessage() + ". Starting with an empty configuration until the config center answers ("
					+ fallback.lookedFor() + ").");
			return HeldConfig.empty(client.target(), Instant.now());
		}
		throw ex.withNothingLocal(fallback.lookedFor());
	}

	/** No config center: the local file, or nothing until it appears (or, with fail-fast, no start). */
	private HeldConfig localFile(McpConfigClient client, McpConfigDataResource resource) {
		LocalConfigFile file = new LocalConfigFile(client.properties().getLocalFile(), client.target());
		Optional<HeldConfig> read = file.read(1, Instant.now());
		if (read.isPresent()) {
			this.log.info("Loaded " + read.get() + " from " + file);
			return read.get();
		}
		if (!resource.isOptionalImport() && client.properties().isFailFast()) {
			throw new LocalFileException(StringUtils.capitalize(file.toString()) + " does not exist", null);
		}
		this.log.warn(StringUtils.capitalize(file.toString())
				+ " does not exist: starting with an empty configuration until it does");
		return HeldConfig.empty(client.target(), Instant.now());
	}

}
