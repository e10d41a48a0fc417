package io.mcpconfig.client.channel;

import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executor;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;

/**
 * Resolves a channel to the configured list of config center addresses, in the order of
 * their {@link ServerRotation}. With gRPC's default {@code pick_first} policy the channel
 * connects to the first address that accepts, and moves on to the next when that
 * connection breaks: failover without a channel per address. A center that accepts but
 * cannot serve is left by turning the rotation and making the channel idle: leaving idle,
 * the channel starts a resolver anew, and a new {@code pick_first} connects in the new
 * order.
 */
final class ServerListNameResolver extends NameResolver {

	static final String SCHEME = "mcp-servers";

	private final ServerRotation rotation;

	private final Executor offload;

	private final SynchronizationContext syncContext;

	// Confined to the synchronization context.
	private Listener2 listener;

	private boolean resolving;

	private boolean shutdown;

	ServerListNameResolver(ServerRotation rotation, Executor offload, SynchronizationContext syncContext) {
		this.rotation = rotation;
		this.offload = offload;
		this.syncContext = syncContext;
	}

	@Override
	public String getServiceAuthority() {
		return this.rotation.addresses().get(0).toString();
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		resolve();
	}

	@Override
	public void refresh() {
		resolve();
	}

	/**
	 * Looks the host names up (again on each refresh, so a host that moved is followed)
	 * on gRPC's offload executor: a DNS lookup may hang, and the synchronization context
	 * may be the application's thread, fetching its configuration at start-up under a
	 * deadline that only holds if nothing blocks it.
	 */
	private void resolve() {
		if (this.resolving || this.shutdown) {
			return;
		}
		this.resolving = true;
		this.offload.execute(() -> {
			List<EquivalentAddressGroup> groups = this.rotation.order()
				.stream()
				.map(ServerListNameResolver::group)
				.toList();
			this.syncContext.execute(() -> {
				this.resolving = false;
				if (!this.shutdown) {
					this.listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
				}
			});
		});
	}

	/**
	 * One configured address with every address its host name has, as its own authority:
	 * over TLS the certificate is checked against the host of the center actually reached
	 * (also sent as SNI), not the first one listed. {@code pick_first} tries the addresses
	 * of a name in turn, so a name that stands for several centers fails over between them
	 * like a list.
	 */
	static EquivalentAddressGroup group(ServerAddress address) {
		Attributes authority = Attributes.newBuilder()
			.set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, address.toString())
			.build();
		return new EquivalentAddressGroup(List.<SocketAddress>copyOf(address.resolve()), authority);
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	/**
	 * Creates the resolver for one channel; registered on that channel only, never in the
	 * JVM-wide registry, so an application's own gRPC channels are not affected.
	 */
	static final class Factory extends NameResolver.Factory {

		private final ServerRotation rotation;

		Factory(ServerRotation rotation) {
			this.rotation = rotation;
		}

		@Override
		public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
			if (!SCHEME.equals(targetUri.getScheme())) {
				return null;
			}
			// a channel always has an offload executor; run inline only if one ever does not
			Executor offload = (args.getOffloadExecutor() != null) ? args.getOffloadExecutor() : Runnable::run;
			return new ServerListNameResolver(this.rotation, offload, args.getSynchronizationContext());
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

	}

}
