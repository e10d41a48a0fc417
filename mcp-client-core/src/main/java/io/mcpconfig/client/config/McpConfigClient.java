package io.mcpconfig.client.config;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.mcpconfig.client.LocalInstance;
import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.channel.CallFailure;
import io.mcpconfig.client.channel.CallPeer;
import io.mcpconfig.client.channel.ClientSslBundle;
import io.mcpconfig.client.channel.ClientSslBundleException;
import io.mcpconfig.client.channel.McpChannelFactory;
import io.mcpconfig.client.channel.RetryHint;
import io.mcpconfig.client.channel.ServerAddress;
import io.mcpconfig.client.channel.ServerRotation;
import io.mcpconfig.client.snapshot.ProfilesAndLabels;
import io.mcpconfig.client.snapshot.RefusalFile;
import io.mcpconfig.client.snapshot.SnapshotFile;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Target;

/**
 * The client of one application instance: created once, when {@code spring.config.import}
 * resolves {@code mcp:}, and shared by the config data loader and the sync session. It
 * owns the gRPC channel to the config center, the configuration the instance holds,
 * served by its {@link McpPropertySource}, and its local {@link SnapshotFile}. A client that serves
 * {@code mcp.client.local-file} has no config center and no channel at all.
 */
public class McpConfigClient implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(McpConfigClient.class);

	private static final String CLIENT_VERSION = clientVersion();

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final McpClientProperties properties;

	/** The application's active profiles, sent so the center serves their profile documents. */
	private volatile List<String> activeProfiles = List.of();

	private final ConfigTarget target;

	private final List<ServerAddress> addresses;

	/** The order the channel tries the addresses in; null in local-file mode. */
	private final ServerRotation rotation;

	private final ManagedChannel channel;

	private final McpPropertySource propertySource;

	private final SnapshotFile snapshotFile;

	private final RefusalFile refusalFile;

	/** Whether a refusal record may exist: unknown at start, so a taken release looks until none is left. */
	private final AtomicBoolean refusalMayExist = new AtomicBoolean(true);

	/** Null for plaintext. */
	private final ClientSslBundle ssl;

	private final AtomicBoolean initialized = new AtomicBoolean();

	/** The start-up fetch, kept as the snapshot once the application has taken it. */
	private final AtomicReference<HeldConfig> fetchedAtStartup = new AtomicReference<>();

	/** As the center knows this instance; null in local-file mode. */
	private final String instanceId;

	/** Whether {@link #instanceId} was claimed from {@link LocalInstance}, to be given back on close. */
	private final boolean defaultInstanceId;

	/** Given back once: a second close must not give back the id a newer client claimed since. */
	private final AtomicBoolean instanceIdReleased = new AtomicBoolean();

	McpConfigClient(McpClientProperties properties, ConfigTarget target, ServerRotation rotation,
			ManagedChannel channel, ClientSslBundle ssl) {
		this.properties = properties;
		this.target = target;
		this.defaultInstanceId = channel != null && LocalInstance.DEFAULT_ID.equals(properties.getInstanceId());
		this.instanceId = this.defaultInstanceId ? LocalInstance.claimDefaultId(target)
				: (channel != null) ? properties.getInstanceId() : null;
		this.addresses = (rotation != null) ? rotation.addresses() : List.of();
		this.rotation = rotation;
		this.channel = channel;
		this.ssl = ssl;
		this.propertySource = new McpPropertySource(HeldConfig.empty(target, Instant.now()));
		this.snapshotFile = new SnapshotFile(properties.getSnapshotDir(), target);
		this.refusalFile = new RefusalFile(properties.getSnapshotDir(), target);
	}

	/**
	 * Creates a client with a plaintext channel, as {@link #create(McpClientProperties,
	 * ConfigTarget, ClientSslBundle, Log)} does without an SSL bundle.
	 * @param properties the client settings
	 * @param target the configuration to serve
	 * @return a new client, to be closed by the caller
	 * @throws IllegalArgumentException if {@code mcp.client.server-addresses} is invalid
	 */
	public static McpConfigClient create(McpClientProperties properties, ConfigTarget target) {
		return create(properties, target, null, logger);
	}

	/**
	 * Creates a client and, unless it serves {@code mcp.client.local-file}, its channel;
	 * nothing connects before the first call.
	 * @param properties the client settings
	 * @param target the configuration to serve
	 * @param ssl the SSL bundle of the channel's TLS ({@code mcp.client.ssl.bundle}), or
	 * {@code null} for plaintext
	 * @param log where the channel's set-up warns (at start-up, a deferred log)
	 * @return a new client, to be closed by the caller
	 * @throws IllegalArgumentException if {@code mcp.client.server-addresses} is invalid
	 * @throws ClientSslBundleException if TLS cannot be set up with the bundle
	 */
	public static McpConfigClient create(McpClientProperties properties, ConfigTarget target, ClientSslBundle ssl,
			Log log) {
		if (properties.getLocalFile() != null) {
			return new McpConfigClient(properties, target, null, null, null);
		}
		ServerRotation rotation = new ServerRotation(ServerAddress.parseAll(
				McpClientProperties.PREFIX + ".server-addresses", properties.getServerAddresses()));
		return new McpConfigClient(properties, target, rotation,
				McpChannelFactory.create(rotation, properties, ssl, log), ssl);
	}

	/**
	 * The SSL bundle of the channel's TLS, when it has one.
	 * @return the bundle, or empty for plaintext (and in local-file mode)
	 */
	public Optional<ClientSslBundle> sslBundle() {
		return Optional.ofNullable(this.ssl);
	}

	public McpClientProperties properties() {
		return this.properties;
	}

	public ConfigTarget target() {
		return this.target;
	}

	public List<ServerAddress> serverAddresses() {
		return this.addresses;
	}

	/**
	 * Whether this client serves {@code mcp.client.local-file} instead of a config center.
	 * @return whether there is no config center
	 */
	public boolean servesLocalFile() {
		return this.channel == null;
	}

	/**
	 * The channel to the config center, shared by every call of this client.
	 * @return the channel
	 * @throws IllegalStateException if the client serves a local file
	 */
	public ManagedChannel channel() {
		if (this.channel == null) {
			throw new IllegalStateException(this + " has no config center");
		}
		return this.channel;
	}

	/**
	 * The live property source serving the held configuration.
	 * @return the property source, the same instance for the life of the client
	 */
	public McpPropertySource propertySource() {
		return this.propertySource;
	}

	/**
	 * The local snapshot of this instance's configuration
	 * ({@code mcp.client.snapshot-dir}).
	 * @return the snapshot file
	 */
	public SnapshotFile snapshotFile() {
		return this.snapshotFile;
	}

	/**
	 * Keeps a configuration from the config center as the local snapshot, with the
	 * profiles and labels it was served for. A failure is logged, never thrown: the
	 * configuration is in use either way.
	 * @param config the configuration to keep
	 * @param log where to warn (the config data loader logs through a deferred log)
	 */
	public void saveSnapshot(HeldConfig config, Log log) {
		try {
			this.snapshotFile.write(config, profilesAndLabels(), Instant.now());
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not write the MCP Config snapshot " + this.snapshotFile + " (the configuration is in use): "
					+ ex);
		}
		if (this.refusalMayExist.get()) {
			forgetRefusalTakenBy(config, log);
		}
	}

	/**
	 * Deletes the recorded refusal once a release supersedes it: the refused release itself
	 * (the application takes it now), or a newer one, after which the center never serves
	 * the refused one again. Another instance sharing the snapshot directory may have
	 * recorded it for a release this one is not served (a gray's patch): kept then.
	 */
	private void forgetRefusalTakenBy(HeldConfig config, Log log) {
		try {
			Optional<RefusalFile.Refusal> refusal = this.refusalFile.read();
			if (refusal.isEmpty()) {
				this.refusalMayExist.set(false);
			}
			else if (config.version() > refusal.get().version() || refusal.get().is(config.version(), config.checksum())) {
				this.refusalFile.delete();
				this.refusalMayExist.set(false);
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not read or delete the MCP Config refusal record " + this.refusalFile + ": " + ex);
		}
	}

	/**
	 * The file of the release this instance last refused ({@code mcp.client.snapshot-dir}).
	 * @return the refusal file
	 */
	public RefusalFile refusalFile() {
		return this.refusalFile;
	}

	/**
	 * Records that the application refused a release, so that a restart while the center
	 * still serves it starts from the snapshot rather than fail on it. A failure is logged,
	 * never thrown: the refusal is sent either way.
	 * @param refusal the refused release
	 * @param log where to warn
	 */
	public void saveRefusal(RefusalFile.Refusal refusal, Log log) {
		this.refusalMayExist.set(true);
		try {
			this.refusalFile.write(refusal);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Could not record the refusal of version " + refusal.version() + " in " + this.refusalFile
					+ " (a restart while the center serves it will try it again): " + ex);
		}
	}

	/**
	 * Keeps the configuration fetched at start-up as the snapshot once the application has
	 * taken it ({@link #saveStartupSnapshot}), not before: a release the application
	 * cannot start with must not become the snapshot, from which the next start without
	 * the center would fail again.
	 * @param fetched the configuration fetched at start-up
	 */
	public void saveSnapshotOnceStarted(HeldConfig fetched) {
		this.fetchedAtStartup.set(fetched);
	}

	/**
	 * Keeps the configuration fetched at start-up as the snapshot, if the instance still
	 * holds it (a release applied since is its snapshot already). Once.
	 * @param log where to warn
	 */
	public void saveStartupSnapshot(Log log) {
		HeldConfig fetched = this.fetchedAtStartup.getAndSet(null);
		if (fetched != null && held() == fetched) {
			saveSnapshot(fetched, log);
		}
	}

	/**
	 * The configuration this instance holds now.
	 * @return the held configuration
	 */
	public HeldConfig held() {
		return this.propertySource.held();
	}

	/**
	 * Replaces the held configuration as a whole.
	 * @param next the configuration to hold from now on
	 * @return the configuration held until now
	 */
	public HeldConfig swap(HeldConfig next) {
		if (!this.target.equals(next.target())) {
			throw new IllegalArgumentException("This client serves " + this.target + ", not " + next.target());
		}
		return this.propertySource.swap(next);
	}

	/**
	 * Whether the start-up configuration has been loaded; every later load serves what is
	 * held and never calls the network.
	 * @return whether {@link #initialize(HeldConfig)} was called
	 */
	public boolean isInitialized() {
		return this.initialized.get();
	}

	/**
	 * Holds the start-up configuration. Called once.
	 * @param first the configuration to start with
	 */
	public void initialize(HeldConfig first) {
		if (!this.initialized.compareAndSet(false, true)) {
			throw new IllegalStateException("The configuration of " + this.target + " is already loaded");
		}
		swap(first);
	}

	/**
	 * Fetches the current configuration from the config center, within
	 * {@code mcp.client.request-timeout}. A center that answers {@code UNAVAILABLE} (a
	 * replica cut off from its store), or does not answer in time (what is left of the
	 * timeout but a reserve for the addresses not yet asked: a replica whose store hangs),
	 * is passed over for the next address, each address once, within the same timeout
	 * ({@link #failOver}): an instance that starts while one replica has lost its store
	 * starts on another's configuration rather than on its snapshot. A center too busy to
	 * read its store now answers with a retry hint: the fetch is tried again after it when
	 * that still fits in the timeout, so that an instance
	 * starting in a storm of others starts on the center's configuration too. Changes
	 * nothing held.
	 * @return the configuration the config center serves this instance
	 * @throws ConfigFetchException if no address answered in time, the call was refused
	 * or the answer does not match its checksum
	 */
	public HeldConfig fetch() {
		return fetch(logger);
	}

	/**
	 * {@link #fetch()}, saying through {@code log} that a center refused or was busy.
	 * @param log the log: at start-up, the bootstrap's deferred log, as logging is not set
	 * up yet
	 * @return the configuration the config center serves this instance
	 * @throws ConfigFetchException if no address answered in time, the call was refused
	 * or the answer does not match its checksum
	 */
	public HeldConfig fetch(Log log) {
		FetchRequest request = FetchRequest.newBuilder().setTarget(wireTarget()).setInstance(instanceInfo()).build();
		Duration timeout = this.properties.getRequestTimeout();
		Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
		// what a center that serves needs to answer: kept for a call after a retry hint, and
		// for each address not yet asked
		Duration answerTime = Duration.ofMillis(Math.min(1000, timeout.toMillis() / 2));
		// each attempt keeps a reserve for the centers not yet asked, every address of a name
		// among them once the channel has looked the names up, which the first call waits for
		channel().getState(true);
		this.rotation.awaitLookUp(Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS) / 2));
		ConfigSnapshot snapshot = null;
		int refusals = 0;
		while (snapshot == null) {
			CallPeer peer = new CallPeer();
			try {
				snapshot = ConfigServiceGrpc.newBlockingStub(channel())
					.withInterceptors(peer)
					.withDeadline(attemptDeadline(deadline, refusals, answerTime))
					.fetch(request);
			}
			catch (StatusRuntimeException ex) {
				// each address once: after the last refusal no "trying ... next". A center that
				// refuses the token may be a replica that has not seen it yet: the next may know it
				if ((peer.refusedBy(ex.getStatus()) || CallFailure.refusesTheInstance(ex.getStatus()))
						&& ++refusals < centers() && !deadline.isExpired()
						&& failOver(peer, ex.getStatus(), log)) {
					continue;
				}
				if (ex.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED && peer.address() == null
						&& !deadline.isExpired()) {
					continue; // the share ended while the channel was still connecting: it connects on
				}
				Duration hint = RetryHint.of(ex.getTrailers());
				if (ex.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED || hint.isZero()
						|| hint.plus(answerTime).toNanos() >= deadline.timeRemaining(TimeUnit.NANOSECONDS)) {
					throw new ConfigFetchException(this.target, this.addresses, describe(ex.getStatus(), timeout), ex);
				}
				log.info("MCP Config center busy (" + ex.getStatus().getDescription() + "): fetching again in "
						+ hint.toMillis() + " ms");
				pause(hint, ex);
			}
		}
		Map<String, String> properties = snapshot.getPropertiesMap();
		String checksum = ConfigChecksum.of(properties);
		if (!checksum.equals(snapshot.getChecksum())) {
			throw new ConfigFetchException(this.target, this.addresses, "the answer is corrupt: version "
					+ snapshot.getVersion() + " claims checksum " + snapshot.getChecksum() + " but hashes to " + checksum,
					null);
		}
		return new HeldConfig(this.target, snapshot.getVersion(), checksum, properties, ConfigSource.REMOTE,
				Instant.ofEpochMilli(snapshot.getPublishedAtMillis()), Instant.now());
	}

	/** The centers to ask: every address of every configured entry, as last looked up. */
	private int centers() {
		return (this.rotation != null) ? this.rotation.size() : 0;
	}

	/**
	 * The deadline of the next fetch attempt: what is left of the timeout but a reserve of
	 * {@code answerTime} for each address not yet asked after this one (at most half of
	 * what is left), so that a center that never answers leaves time to ask the others, while
	 * one that is slow but serves (all read the same store) still has most of the timeout.
	 */
	private Deadline attemptDeadline(Deadline deadline, int passedOver, Duration answerTime) {
		int after = centers() - passedOver - 1;
		if (after <= 0) {
			return deadline;
		}
		long remaining = deadline.timeRemaining(TimeUnit.NANOSECONDS);
		long reserve = Math.min(remaining / 2, answerTime.toNanos() * after);
		return Deadline.after(remaining - reserve, TimeUnit.NANOSECONDS);
	}

	/**
	 * Whether there is another center to ask: more than one address, as configured and
	 * last looked up.
	 * @return whether {@link #failOver} would move the next call to another address
	 */
	public boolean canFailOver() {
		return centers() > 1;
	}

	/**
	 * A config center answered a call {@code UNAVAILABLE}, or left it unanswered until its
	 * deadline: it is reachable but cannot serve (a replica cut off from its store answers
	 * every call so, or only when its store deadline ends), and the channel's
	 * {@code pick_first} keeps its connection to it as long as that connection holds. So
	 * the next call goes to the center after it (the next address of the same host name, or
	 * the next address listed), round-robin: the rotation turns, and the channel, made
	 * idle, starts a new resolver and a new {@code pick_first} in that order on its next
	 * call. With a single center there is no other to ask, and nothing changes. Called by
	 * one caller at a time: the start-up fetch, then the sync session.
	 * @param refused the peer of the refused call, which names the center that refused
	 * @param refusal the status the center answered
	 * @param log where to say so (at start-up, the bootstrap's deferred log)
	 * @return whether the next call goes to another address
	 */
	public boolean failOver(CallPeer refused, Status refusal, Log log) {
		Optional<ServerRotation.Center> next = turnPast(refused);
		next.ifPresent((center) -> log.warn("MCP Config center "
				+ ((refused.address() != null) ? refused.address() : "(address unknown)") + " cannot serve "
				+ this.target + " (" + CallFailure.describe(refusal) + "); trying " + center + " next"));
		return next.isPresent();
	}

	/**
	 * Moves the next call to the center after {@code refused}, as {@link #failOver} does,
	 * leaving it to the caller to say so.
	 * @param refused the peer of the refused call
	 * @return the center the next call goes to; empty when there is no other
	 */
	public Optional<ServerRotation.Center> turnPast(CallPeer refused) {
		if (!canFailOver()) {
			return Optional.empty();
		}
		ServerRotation.Center next = this.rotation.turnPast(refused.remote());
		channel().enterIdle();
		return Optional.of(next);
	}

	private void pause(Duration hint, StatusRuntimeException busy) {
		try {
			Thread.sleep(hint.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConfigFetchException(this.target, this.addresses, "interrupted while the center was busy", busy);
		}
	}

	private static String describe(Status status, Duration timeout) {
		if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
			return "no answer within " + timeout.toMillis() + " ms (mcp.client.request-timeout)";
		}
		return CallFailure.describe(status);
	}

	/**
	 * The target in wire form.
	 * @return the target message
	 */
	public Target wireTarget() {
		return Target.newBuilder().setApp(this.target.app()).setEnv(this.target.env()).build();
	}

	/**
	 * Sets the application's active profiles, in activation order, before the first call.
	 * @param profiles the active profiles
	 */
	public void activeProfiles(List<String> profiles) {
		this.activeProfiles = List.copyOf(profiles);
	}

	/**
	 * What the config center chooses this instance's configuration by, besides its target.
	 * @return the active profiles and the labels ({@code mcp.client.labels})
	 */
	public ProfilesAndLabels profilesAndLabels() {
		return new ProfilesAndLabels(this.activeProfiles, this.properties.getLabels());
	}

	/**
	 * Who this instance is, as the config center sees it.
	 * @return the instance message
	 */
	public InstanceInfo instanceInfo() {
		return InstanceInfo.newBuilder()
			.setInstanceId(this.instanceId)
			.setHost(LocalInstance.HOST_NAME)
			.putAllLabels(this.properties.getLabels())
			.addAllProfiles(this.activeProfiles)
			.setClientVersion(CLIENT_VERSION)
			.build();
	}

	/**
	 * Shuts the channel down, waiting a bounded time for calls in flight.
	 */
	@Override
	public void close() {
		if (this.channel == null) {
			return;
		}
		if (this.defaultInstanceId && this.instanceIdReleased.compareAndSet(false, true)) {
			LocalInstance.releaseDefaultId(this.target, this.instanceId);
		}
		this.channel.shutdown();
		try {
			if (!this.channel.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("The channel to MCP Config did not terminate within " + CLOSE_TIMEOUT + "; forcing it");
				this.channel.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.channel.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private static String clientVersion() {
		String version = McpConfigClient.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

	@Override
	public String toString() {
		return "McpConfigClient[" + this.target
				+ (servesLocalFile() ? " from " + this.properties.getLocalFile() : " at " + this.addresses) + "]";
	}

}
