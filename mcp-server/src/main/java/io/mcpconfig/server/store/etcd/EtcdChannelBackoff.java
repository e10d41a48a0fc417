package io.mcpconfig.server.store.etcd;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Cuts short the reconnect back-off of jetcd's gRPC channel. After failed connects the
 * channel waits before it tries again, longer each time up to two minutes, and fails every
 * call meanwhile: a replica whose etcd was away for two minutes stayed DOWN, refusing
 * publishes, for up to a minute after etcd was back. The store calls {@link #reset()}
 * whenever a check or its watch finds etcd away, so the next call connects at once.
 * jetcd keeps its channel to itself, so it is reached by reflection; should a jetcd
 * version keep it elsewhere, the back-off runs its course, as before, and the start says so.
 */
final class EtcdChannelBackoff {

	private static final Log logger = LogFactory.getLog(EtcdChannelBackoff.class);

	private final ManagedChannel channel;

	private EtcdChannelBackoff(ManagedChannel channel) {
		this.channel = channel;
	}

	static EtcdChannelBackoff of(Client client) {
		try {
			Field manager = client.getClass().getDeclaredField("connectionManager");
			manager.setAccessible(true);
			Object connections = manager.get(client);
			Method channel = connections.getClass().getDeclaredMethod("getChannel");
			channel.setAccessible(true);
			return new EtcdChannelBackoff((ManagedChannel) channel.invoke(connections));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("Cannot reach jetcd's gRPC channel (" + ex + "): after a long etcd outage this replica"
					+ " reconnects when the channel's own back-off ends, up to two minutes later");
			return new EtcdChannelBackoff(null);
		}
	}

	/** Makes a channel waiting out its back-off connect at once; nothing if it is connected. */
	void reset() {
		if (this.channel != null) {
			this.channel.resetConnectBackoff();
		}
	}

}
