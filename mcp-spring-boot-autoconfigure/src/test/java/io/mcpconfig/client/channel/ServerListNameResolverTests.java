package io.mcpconfig.client.channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.NameResolver.ResolutionResult;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import org.junit.jupiter.api.Test;

import io.mcpconfig.client.channel.ServerRotation.Center;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolver looks host names up on the channel's offload executor, never on the
 * thread that starts or refreshes it (at start-up: the application's, under the fetch
 * deadline).
 */
class ServerListNameResolverTests {

	private final List<Runnable> offloaded = new CopyOnWriteArrayList<>();

	private final SynchronizationContext syncContext = new SynchronizationContext((thread, ex) -> {
		throw new AssertionError(ex);
	});

	private final List<ResolutionResult> results = new CopyOnWriteArrayList<>();

	@Test
	void addressesAreLookedUpOffTheCallingThreadAndDeliveredInOrder() {
		NameResolver resolver = resolver(ServerAddress.parseAll("servers", List.of("localhost:9090", "127.0.0.1:9091")));

		this.syncContext.execute(() -> resolver.start(listener()));
		assertThat(this.offloaded).hasSize(1);
		assertThat(this.results).isEmpty();
		// a refresh while a lookup runs starts no second one
		this.syncContext.execute(resolver::refresh);
		assertThat(this.offloaded).hasSize(1);

		this.offloaded.get(0).run();

		assertThat(this.results).singleElement().satisfies((result) -> assertThat(result.getAddresses())
			.extracting((group) -> ((InetSocketAddress) group.getAddresses().get(0)).getPort())
			.containsExactly(9090, 9091));
	}

	@Test
	void aResolverStartedAfterTheRotationTurnedListsFromTheNextAddressRoundRobin() {
		ServerRotation rotation = new ServerRotation(
				ServerAddress.parseAll("servers", List.of("127.0.0.1:9090", "127.0.0.1:9091", "127.0.0.1:9092")));
		List<Center> listed = ServerListNameResolver.lookUp(rotation.addresses());
		rotation.arrange(listed);
		assertThat(rotation.turnPast(listed.get(0).socket())).hasToString("127.0.0.1:9091");
		NameResolver resolver = resolver(rotation);

		this.syncContext.execute(() -> resolver.start(listener()));
		this.offloaded.get(0).run();

		assertThat(this.results).singleElement().satisfies((result) -> assertThat(result.getAddresses())
			.extracting((group) -> ((InetSocketAddress) group.getAddresses().get(0)).getPort())
			.containsExactly(9091, 9092, 9090));
		// the authority stays the first address listed: the channel's, whatever the order
		assertThat(resolver.getServiceAuthority()).isEqualTo("127.0.0.1:9090");
	}

	@Test
	void eachRunOfOneEntrysAddressesIsOneGroupWithThatEntryAsItsAuthority() throws UnknownHostException {
		List<ServerAddress> entries = ServerAddress.parseAll("servers", List.of("config-1:9090", "config-2:9090"));
		Center first = new Center(entries.get(0), new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 9090));
		Center second = new Center(entries.get(0), new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 9090));
		Center other = new Center(entries.get(1), new InetSocketAddress(InetAddress.getByName("10.0.1.1"), 9090));

		// the order after the name's first address refused
		List<EquivalentAddressGroup> groups = ServerListNameResolver.groups(List.of(second, other, first));

		assertThat(groups).extracting(EquivalentAddressGroup::getAddresses)
			.containsExactly(List.of(second.socket()), List.of(other.socket()), List.of(first.socket()));
		assertThat(groups).extracting((group) -> group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE))
			.containsExactly("config-1:9090", "config-2:9090", "config-1:9090");
		assertThat(ServerListNameResolver.groups(List.of(first, second, other)))
			.extracting(EquivalentAddressGroup::getAddresses)
			.containsExactly(List.of(first.socket(), second.socket()), List.of(other.socket()));
	}

	@Test
	void eachAddressIsItsOwnAuthoritySoTlsVerifiesTheHostReached() {
		NameResolver resolver = resolver(ServerAddress.parseAll("servers", List.of("config-1:9090", "[::1]:9091")));
		this.syncContext.execute(() -> resolver.start(listener()));
		this.offloaded.get(0).run();
		assertThat(this.results).singleElement().satisfies((result) -> assertThat(result.getAddresses())
			.extracting((group) -> group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE))
			.containsExactly("config-1:9090", "[::1]:9091"));
	}

	@Test
	void aLookupThatEndsAfterShutdownIsNotDelivered() {
		NameResolver resolver = resolver(ServerAddress.parseAll("servers", List.of("localhost:9090")));
		this.syncContext.execute(() -> resolver.start(listener()));

		this.syncContext.execute(resolver::shutdown);
		this.offloaded.get(0).run();

		assertThat(this.results).isEmpty();
	}

	private NameResolver resolver(List<ServerAddress> addresses) {
		return resolver(new ServerRotation(addresses));
	}

	private NameResolver resolver(ServerRotation rotation) {
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(9090)
			.setProxyDetector((target) -> null)
			.setSynchronizationContext(this.syncContext)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {
				@Override
				public ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return ConfigOrError.fromConfig(rawServiceConfig);
				}
			})
			.setOffloadExecutor(this.offloaded::add)
			.build();
		return new ServerListNameResolver.Factory(rotation).newNameResolver(URI.create("mcp-servers:///servers"), args);
	}

	private NameResolver.Listener2 listener() {
		return new NameResolver.Listener2() {
			@Override
			public void onResult(ResolutionResult result) {
				ServerListNameResolverTests.this.results.add(result);
			}

			@Override
			public void onError(Status error) {
				throw new AssertionError(error);
			}
		};
	}

}
