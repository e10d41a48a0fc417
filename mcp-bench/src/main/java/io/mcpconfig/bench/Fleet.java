package io.mcpconfig.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigChangeValidator;

import org.springframework.context.support.GenericApplicationContext;

/** The clients of one scenario on one center, all subscribed to one target of their own. */
final class Fleet implements AutoCloseable {

	private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

	private final Scenario scenario;

	private final Center center;

	private final ConfigTarget target;

	private final List<McpConfigClient> clients = new ArrayList<>();

	private final List<SyncSession> sessions = new ArrayList<>();

	/** The publish in flight: its version and a latch with one count per client. */
	private final AtomicReference<InFlight> inFlight = new AtomicReference<>();

	private long version;

	/**
	 * One publish, in ns from the start of its {@code PUT}: when the center answered, and
	 * when each client applied it.
	 */
	record Publish(long answeredNanos, long[] appliedNanos) {
	}

	private record InFlight(long version, long startNanos, long[] appliedNanos, CountDownLatch latch) {
	}

	private Fleet(Scenario scenario, Center center) {
		this.scenario = scenario;
		this.center = center;
		this.target = new ConfigTarget("bench-" + scenario.clients() + "-" + scenario.keys(), "bench");
	}

	/**
	 * Subscribes the scenario's clients to the center, from the version the target has
	 * there (an etcd cluster given by the user may hold releases of an earlier run).
	 */
	static Fleet start(Scenario scenario, Center center, Path snapshotDir, GenericApplicationContext noApplication)
			throws Exception {
		Fleet fleet = new Fleet(scenario, center);
		fleet.version = center.currentVersion(fleet.target);
		try {
			fleet.subscribe(snapshotDir, noApplication);
		}
		catch (RuntimeException ex) {
			// the clients started so far would outlive the run
			fleet.close();
			throw ex;
		}
		return fleet;
	}

	private void subscribe(Path snapshotDir, GenericApplicationContext noApplication) {
		ChangeValidation noValidation = new ChangeValidation(noApplication,
				noApplication.getBeanProvider(ConfigChangeValidator.class));
		for (int i = 0; i < this.scenario.clients(); i++) {
			McpClientProperties properties = new McpClientProperties();
			properties.setServerAddresses(List.of(this.center.grpcAddress()));
			properties.setApp(this.target.app());
			properties.setEnv(this.target.env());
			properties.setInstanceId(this.target.app() + "-" + i);
			properties.setSnapshotDir(snapshotDir);
			properties.setToken(Center.TOKEN);
			McpConfigClient client = McpConfigClient.create(properties, this.target);
			this.clients.add(client);
			int index = i;
			ConfigApplier applier = new ConfigApplier(client, (event) -> applied(index, event), noValidation,
					noApplication.getBeanProvider(ConfigRefresher.class));
			SyncSession session = new SyncSession(client, applier, List.of());
			this.sessions.add(session);
			session.start();
		}
	}

	Scenario scenario() {
		return this.scenario;
	}

	Store store() {
		return this.center.store();
	}

	private void applied(int client, Object event) {
		InFlight current = this.inFlight.get();
		if (event instanceof ConfigChangeEvent change && current != null
				&& change.getNewVersion() == current.version()) {
			current.appliedNanos()[client] = System.nanoTime();
			current.latch().countDown();
		}
	}

	/** Publishes {@code count} releases one after another, each once every client applied the one before. */
	List<Publish> run(int count) throws Exception {
		List<Publish> publishes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long next = this.version + 1;
			InFlight flight = new InFlight(next, System.nanoTime(), new long[this.scenario.clients()],
					new CountDownLatch(this.scenario.clients()));
			this.inFlight.set(flight);
			this.center.publish(this.target, body(next));
			long answeredNanos = System.nanoTime() - flight.startNanos();
			if (!flight.latch().await(APPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(store().label() + ", " + this.scenario.name() + ": "
						+ flight.latch().getCount() + " clients did not apply version " + next + " within "
						+ APPLY_TIMEOUT);
			}
			this.version = next;
			long[] applied = new long[this.scenario.clients()];
			for (int c = 0; c < applied.length; c++) {
				applied[c] = flight.appliedNanos()[c] - flight.startNanos();
			}
			publishes.add(new Publish(answeredNanos, applied));
		}
		return publishes;
	}

	private String body(long counter) {
		StringBuilder body = new StringBuilder(this.scenario.keys() * 40);
		body.append("bench.counter=").append(counter).append('\n');
		for (int k = 1; k < this.scenario.keys(); k++) {
			body.append("bench.fixed.key-").append(k).append("=value number ").append(k).append('\n');
		}
		return body.toString();
	}

	@Override
	public void close() {
		this.sessions.forEach(SyncSession::stop);
		this.clients.forEach(McpConfigClient::close);
	}

}
