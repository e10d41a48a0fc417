package io.mcpconfig.client.actuate;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.session.SyncObserver;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * Keeps the {@link SyncStatus} of this instance from what the sync session tells: one
 * value in one {@link AtomicReference}, written by the session thread and read, without
 * locks, by health checks, metrics and the {@code mcp} endpoint.
 */
public class SyncStatusTracker implements SyncObserver {

	private final Clock clock;

	private final AtomicReference<SyncStatus> status;

	/**
	 * Starts tracking the client's session.
	 * @param client the client, whose held configuration tells the start-up status
	 * @param clock the clock of every recorded time
	 */
	public SyncStatusTracker(McpConfigClient client, Clock clock) {
		this.clock = clock;
		this.status = new AtomicReference<>(SyncStatus.initial(client.held(), clock.instant()));
	}

	/**
	 * The status now.
	 * @return the current status
	 */
	public SyncStatus status() {
		return this.status.get();
	}

	@Override
	public void streamOpened(boolean reopened) {
		if (reopened) {
			this.status.updateAndGet(SyncStatus::withReconnect);
		}
	}

	@Override
	public void connected(String server) {
		this.status.updateAndGet((status) -> status.withConnection(server, this.clock.instant()));
	}

	@Override
	public void disconnected(String reason) {
		SyncStatus.Disconnect disconnect = new SyncStatus.Disconnect(reason, this.clock.instant());
		this.status.updateAndGet((status) -> status.withoutConnection(disconnect));
	}

	@Override
	public void confirmed() {
		this.status.updateAndGet((status) -> status.withSync(this.clock.instant()));
	}

	@Override
	public void unconfirmed(String reason) {
		this.status.updateAndGet((status) -> (status.unconfirmed() != null) ? status
				: status.withUnconfirmed(new SyncStatus.Unconfirmed(reason, this.clock.instant())));
	}

	@Override
	public void storeReachable() {
		this.status.updateAndGet((status) -> status.withUnconfirmed(null));
	}

	@Override
	public void applied(HeldConfig applied) {
		this.status.updateAndGet((status) -> status.withApplied(this.clock.instant()));
	}

	@Override
	public void rejected(long version, NackCode code, String reason) {
		SyncStatus.Rejection rejection = new SyncStatus.Rejection(version, code.name(), reason, this.clock.instant());
		this.status.updateAndGet((status) -> status.withRejection(rejection));
	}

}
