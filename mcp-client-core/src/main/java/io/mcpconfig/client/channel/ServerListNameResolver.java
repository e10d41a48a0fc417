package io.mcpconfig.client.channel;

import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.SynchronizationContext;
import io.mcpconfig.client.channel.ServerRotation.Center;

/**
 * Resolves a channel to the configured list of config center addresses, in the order of
 * their {@link ServerRotation}. With gRPC's default {@code pick_first} policy the channel
 * connects to the first address that accepts, and moves on to the next when that
 * connection breaks: failover without a channel per address. A center that accepts but
 * cannot serve is left by turning the rotation past it and making the channel idle:
 * leaving idle, the channel starts a resolver anew, and a new {@code pick_first} connects
 * in the new order, also to the next address of the same host name.
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
			List<EquivalentAddressGroup> groups = groups(this.rotation.arrange(lookUp(this.rotation.addresses())));
			this.syncContext.execute(() -> {
				this.resolving = false;
				if (!this.shutdown) {
					this.listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
				}
			});
		});
	}

	/**
	 * Every address of every entry: {@code pick_first} tries the addresses of a name in
	 * turn, so a name that stands for several centers fails over between them like a list.
	 */
	static List<Center> lookUp(List<ServerAddress> addresses) {
		return addresses.stream()
			.flatMap((address) -> address.resolve().stream().map((socket) -> new Center(address, socket)))
			.toList();
	}

	/**
	 * The centers in order, each run of one entry's addresses as a group with that entry
	 * as its authority: over TLS the certificate is checked against the host of the center
	 * actually reached (also sent as SNI), not the first one listed.
	 */
	static List<EquivalentAddressGroup> groups(List<Center> centers) {
		List<EquivalentAddressGroup> groups = new ArrayList<>();
		List<SocketAddress> run = new ArrayList<>();
		for (int i = 0; i < centers.size(); i++) {
			run.add(centers.get(i).socket());
			ServerAddress entry = centers.get(i).configured();
			if (i == centers.size() - 1 || !centers.get(i + 1).configured().equals(entry)) {
				Attributes authority = Attributes.newBuilder()
					.set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, entry.toString())
					.build();
				groups.add(new EquivalentAddressGroup(List.copyOf(run), authority));
				run.clear();
			}
		}
		return List.copyOf(groups);
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
