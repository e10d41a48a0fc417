package io.mcpconfig.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the MCP Config client. They are read once, when {@code spring.config.import}
 * resolves {@code mcp:}, before the application context exists: values pushed by the
 * config center itself do not change them.
 */
@ConfigurationProperties(McpClientProperties.PREFIX)
public class McpClientProperties {

	/** Prefix of every client setting. */
	public static final String PREFIX = "mcp.client";

	/**
	 * Whether the MCP Config client is enabled. When disabled, "mcp:" imports resolve to
	 * nothing, the import check is skipped and no client beans are created.
	 */
	private boolean enabled = true;

	/**
	 * Addresses (host:port) of the config center's gRPC endpoint, tried in order: the
	 * client connects to the first one that answers.
	 */
	private List<String> serverAddresses = new ArrayList<>(List.of("localhost:9090"));

	/**
	 * Application whose configuration to read. Defaults to spring.application.name. 1 to
	 * 128 of the characters A-Z a-z 0-9 . _ -, not . or ..
	 */
	private String app;

	/**
	 * Environment whose configuration to read, such as dev, staging or prod. 1 to 128 of
	 * the characters A-Z a-z 0-9 . _ -, not . or ..
	 */
	private String env = "default";

	/**
	 * Labels of this instance (region=us-west, version=v2), matched by overlay and gray
	 * release selectors on the config center.
	 */
	private Map<String, String> labels = new LinkedHashMap<>();

	/**
	 * Identity of this instance on the config center, for gray releases and the instance
	 * registry. Defaults to the host name and a random suffix, stable for the life of the
	 * process (with -2, -3 appended for further contexts of the process that follow the
	 * same target at the same time).
	 */
	private String instanceId = LocalInstance.DEFAULT_ID;

	/**
	 * Bearer token sent with every call to the config center. Without mcp.client.ssl.bundle
	 * it travels in clear text, and a warning says so at start-up.
	 */
	private String token;

	/**
	 * YAML file used when neither the config center nor a local snapshot can serve the
	 * configuration at start-up: a resource location such as classpath:config-local.yaml,
	 * file:/etc/app/local.yaml or a file path. Never used while the center answers.
	 */
	private String fallbackLocation = "classpath:config-local.yaml";

	/**
	 * Directory where the client keeps a snapshot of the last configuration it received
	 * from the config center, to start from when the center cannot be reached: one file
	 * per application and environment, app/env.snapshot.json. Defaults to .mcp/snapshots
	 * in the user's home directory, which survives a reboot. Instances sharing it that
	 * have other active profiles or labels do not start from each other's snapshot: give
	 * each its own directory. It also records the release the application last refused,
	 * app/env.refused.json, so that a restart starts from the snapshot rather than fail on
	 * that release.
	 */
	private Path snapshotDir = Path.of(System.getProperty("user.home"), ".mcp", "snapshots");

	/**
	 * Whether to fail the start-up when the configuration can be had neither from the
	 * config center nor from the local snapshot or the fallback YAML (with local-file: when
	 * that file does not exist). Has no effect on an "optional:mcp:" import.
	 */
	private boolean failFast = false;

	/**
	 * Timeout of establishing a connection to a config center address. Addresses are tried
	 * one at a time, so at most request-timeout / (number of addresses + 1) is applied: a
	 * start-up fetch can try every address within its deadline.
	 */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * Deadline of each request/response call to the config center, such as the initial
	 * fetch.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Interval between heartbeats on the sync session, announced to the config center (its
	 * registry drops an instance silent for three of them). A session whose last three
	 * heartbeats got no answer is re-opened.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/**
	 * Local YAML file to serve and hot-reload instead of connecting to a config center:
	 * no server is contacted at all, and edits are applied as they are saved.
	 */
	private Path localFile;

	private final Reconnect reconnect = new Reconnect();

	private final Ssl ssl = new Ssl();

	private final Refresh refresh = new Refresh();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getServerAddresses() {
		return this.serverAddresses;
	}

	public void setServerAddresses(List<String> serverAddresses) {
		this.serverAddresses = serverAddresses;
	}

	public String getApp() {
		return this.app;
	}

	public void setApp(String app) {
		this.app = app;
	}

	public String getEnv() {
		return this.env;
	}

	public void setEnv(String env) {
		this.env = env;
	}

	public Map<String, String> getLabels() {
		return this.labels;
	}

	public void setLabels(Map<String, String> labels) {
		this.labels = labels;
	}

	public String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(String instanceId) {
		this.instanceId = instanceId;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public String getFallbackLocation() {
		return this.fallbackLocation;
	}

	public void setFallbackLocation(String fallbackLocation) {
		this.fallbackLocation = fallbackLocation;
	}

	public Path getSnapshotDir() {
		return this.snapshotDir;
	}

	public void setSnapshotDir(Path snapshotDir) {
		this.snapshotDir = snapshotDir;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Path getLocalFile() {
		return this.localFile;
	}

	public void setLocalFile(Path localFile) {
		this.localFile = localFile;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Refresh getRefresh() {
		return this.refresh;
	}

	/**
	 * TLS of the channel to the config center.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.pem.<name> or spring.ssl.bundle.jks.<name>)
		 * the channel to the config center uses: TLS, with the center's certificate verified
		 * against the bundle's trust store (the JVM's default trust when it has none) and
		 * the center's host name against that certificate; the bundle's key store, when it
		 * has one, is this instance's client certificate for mutual TLS. Unset: plaintext.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * How beans follow a change, beyond the @ConfigurationProperties and @RefreshScope
	 * beans that are always refreshed.
	 */
	public static class Refresh {

		/**
		 * Whether to inject new values into the @Value("${...}") fields and one-parameter
		 * methods of singleton beans when a key their placeholder reads changes. A value
		 * that cannot be converted to the member's type refuses the release before
		 * anything changes. SpEL expressions (#{...}) keep their start-up value.
		 */
		private boolean valueInjection = false;

		public boolean isValueInjection() {
			return this.valueInjection;
		}

		public void setValueInjection(boolean valueInjection) {
			this.valueInjection = valueInjection;
		}

	}

	/**
	 * How the sync session reconnects after the stream to the config center broke.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnection attempt; each failed attempt doubles it.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest delay between two reconnection attempts. It bounds how long an instance
		 * stays behind after a center comes back.
		 */
		private Duration maxBackoff = Duration.ofSeconds(10);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

}
