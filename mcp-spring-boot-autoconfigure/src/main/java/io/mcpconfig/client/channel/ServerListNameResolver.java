package io.mcpconfig.client.channel;

import java.net.URI;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;

/**
 * Resolves a channel to the configured list of config center addresses, in order. With
 * gRPC's default {@code pick_first} policy the channel connects to the first address that
 * accepts, and moves on to the next when that connection breaks: failover without a
 * channel per address.
 */
final class ServerListNameResolver extends NameResolver {

	static final String SCHEME = "mcp-servers";

	private final List<ServerAddress> addresses;

	private Listener2 listener;

	ServerListNameResolver(List<ServerAddress> addresses) {
		this.addresses = addresses;
	}

	@Override
	public String getServiceAuthority() {
		return this.addresses.get(0).toString();
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

	private void resolve() {
		// Addresses are resolved again on each refresh, so a host name that moved is followed.
		List<EquivalentAddressGroup> groups = this.addresses.stream()
			.map((address) -> new EquivalentAddressGroup(address.toSocketAddress()))
			.toList();
		this.listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
	}

	@Override
	public void shutdown() {
	}

	/**
	 * Creates the resolver for one channel; registered on that channel only, never in the
	 * JVM-wide registry, so an application's own gRPC channels are not affected.
	 */
	static final class Factory extends NameResolver.Factory {

		private final List<ServerAddress> addresses;

		Factory(List<ServerAddress> addresses) {
			this.addresses = addresses;
		}

		@Override
		public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
			return SCHEME.equals(targetUri.getScheme()) ? new ServerListNameResolver(this.addresses) : null;
		}

		@Override
		public String getDefaultScheme() {
			return SCHEME;
		}

	}

}
