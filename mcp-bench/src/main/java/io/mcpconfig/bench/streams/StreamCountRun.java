package io.mcpconfig.bench.streams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mcpconfig.testsupport.protocol.ClientsStatus;

/**
 * Everything measured at one fleet size, on a center of its own: how long the fleet takes
 * to subscribe, what it costs the idle center (memory per stream, CPU of heartbeats), how
 * long publishes take to reach it with the small configuration, how it comes back from a
 * killed center, and then how publishes of the big configuration fare (last: they may
 * break the center). A phase that fails ends the run with its reason; the next fleet
 * size still runs.
 */
final class StreamCountRun {

	static final String APP = "streams";

	static final String ENV = "bench";

	/** Lets the fleet's first heartbeats and the center's JIT settle before idle is measured. */
	private static final Duration SETTLE = Duration.ofSeconds(5);

	/**
	 * The connection phase.
	 *
	 * @param streams clients
	 * @param processes client JVMs
	 * @param sources source addresses
	 * @param connections TCP connections the streams share
	 * @param allSubscribedSeconds from opening until the last client was subscribed and current
	 * @param subscribedSeconds the same for each client
	 * @param notSubscribed clients not subscribed and current within the timeout
	 * @param opens streams opened to get there (one per client when nothing failed)
	 * @param ends sessions that ended meanwhile, by status code
	 */
	record Connect(int streams, int processes, int sources, int connections, double allSubscribedSeconds, Spread subscribedSeconds,
			int notSubscribed, long opens, Map<String, Long> ends) {
	}

	/**
	 * The idle center with the fleet subscribed, against itself before the fleet.
	 *
	 * @param baselineRssMiB resident memory before the fleet, after a full GC
	 * @param baselineHeapMiB heap after a full GC before the fleet
	 * @param rssMiB resident memory with the fleet idle, after a full GC
	 * @param heapMiB heap after a full GC with the fleet idle
	 * @param rssPerStreamKiB the difference in resident memory, per stream
	 * @param heapPerStreamKiB the difference in heap, per stream
	 * @param threads the center's threads with the fleet idle
	 * @param seconds how long the CPU was measured
	 * @param centerCpuPercent the center's CPU, in percent of one core
	 * @param centerCompilerCpuPercent of that, its JIT compiler threads'
	 * @param centerGcCpuPercent of that, its GC threads' (and the VM thread's)
	 * @param clientsCpuPercent all client JVMs' CPU, in percent of one core
	 */
	record Idle(double baselineRssMiB, double baselineHeapMiB, double rssMiB, double heapMiB, double rssPerStreamKiB,
			double heapPerStreamKiB, int threads, double seconds, double centerCpuPercent,
			double centerCompilerCpuPercent, double centerGcCpuPercent, double clientsCpuPercent) {

		/** The center's CPU serving the streams: neither compiling nor collecting. */
		double centerServingCpuPercent() {
			return this.centerCpuPercent - this.centerCompilerCpuPercent - this.centerGcCpuPercent;
		}

	}

	/**
	 * One fleet size.
	 *
	 * @param streams clients
	 * @param connect the connection phase
	 * @param idle the idle phase
	 * @param publishes the publish series, small configuration first
	 * @param storm the reconnect storm, null when not run
	 * @param centerPeakRssMiB the center's highest resident memory (of its last start)
	 * @param centerAtEnd {@code alive}, or how the center's process ended ({@code exit 137}: killed)
	 * @param centerLog lines of the center's log, by what they say
	 * @param failed why the run stopped early, null when it did not
	 */
	record Result(int streams, Connect connect, Idle idle, List<PublishSeries.Result> publishes,
			ReconnectStorm.Result storm, double centerPeakRssMiB, String centerAtEnd, Map<String, Long> centerLog,
			String failed) {
	}

	private StreamCountRun() {
	}

	static Result run(StreamsSettings settings, int streams, Path work) throws Exception {
		Files.createDirectories(work);
		FleetShape shape = new FleetShape(streams,
				FleetShape.processesFor(streams, settings.streamsPerConnection(), settings.minProcesses()),
				settings.sources(), settings.streamsPerConnection(), APP, ENV, settings.timing(),
				settings.clientJvmOptions());
		Connect connect = null;
		Idle idle = null;
		List<PublishSeries.Result> publishes = new ArrayList<>();
		ReconnectStorm.Result storm = null;
		String failed = null;
		try (CenterUnderTest center = CenterUnderTest.start(settings.centerJar(), work.resolve("center"),
				settings.centerJvmOptions(), APP, ENV);
				StreamFleet fleet = StreamFleet.start(shape, center.grpcAddress(), center.token(),
						settings.benchJar(), work)) {
			PublishSeries series = new PublishSeries(center, fleet, settings.applyTimeout());
			try {
				long version = series.publishInitial(settings.smallKeys());
				double baselineHeap = center.heapAfterGcMiB();
				ProcessResources baseline = center.resources();
				progress(streams, "subscribing");
				connect = connect(shape, fleet, version, settings);
				progress(streams, "idle");
				idle = idle(center, fleet, baseline, baselineHeap, settings);
				progress(streams, "publishing " + settings.smallKeys() + " keys");
				publishes.add(series.run(settings.smallKeys() + " keys, one changed", settings.smallKeys(),
						settings.publishes()));
				if (settings.runs("storm")) {
					progress(streams, "reconnect storm");
					storm = ReconnectStorm.run(center, fleet, series.version(), settings.stormTimeout());
				}
				progress(streams, "publishing " + settings.bigKeys() + " keys");
				publishes.add(series.run("switch to " + settings.bigKeys() + " keys", settings.bigKeys(), 1));
				if (publishes.get(publishes.size() - 1).stopped() == null) {
					publishes.add(series.run(settings.bigKeys() + " keys, one changed", settings.bigKeys(),
							settings.publishes()));
				}
			}
			catch (Exception ex) {
				failed = ex.toString();
				progress(streams, "failed: " + failed);
			}
			boolean alive = center.isAlive();
			double peak = alive ? center.resources().peakRssKiB() / 1024.0 : 0;
			return new Result(streams, connect, idle, publishes, storm, peak, center.state(), center.logCounts(),
					failed);
		}
	}

	private static Connect connect(FleetShape shape, StreamFleet fleet, long version, StreamsSettings settings)
			throws Exception {
		ClientsStatus before = fleet.status(version);
		long start = System.nanoTime();
		fleet.open();
		ClientsStatus after = Waiting.until(fleet, version, ClientsStatus::confirmed, settings.subscribeTimeout());
		long[] confirmed = fleet.confirmedNanos();
		List<Double> seconds = new ArrayList<>();
		for (long nanos : confirmed) {
			if (nanos != 0) {
				seconds.add((nanos - start) / 1e9);
			}
		}
		Spread each = Spread.of(seconds.stream().mapToDouble(Double::doubleValue).toArray());
		// what the first stream that ended with each code was told: the table has counts only
		after.endSamples().forEach((code, said) -> progress(shape.streams(), "ended " + code + ": " + said));
		return new Connect(shape.streams(), shape.processes(), shape.sources(), shape.connections(), each.max(), each,
				shape.streams() - seconds.size(), after.opens(), after.endsSince(before));
	}

	private static Idle idle(CenterUnderTest center, StreamFleet fleet, ProcessResources baseline, double baselineHeap,
			StreamsSettings settings) throws Exception {
		Thread.sleep(SETTLE.toMillis());
		double centerCpu = center.resources().cpuSeconds();
		ProcessResources.JvmThreadsCpu centerJvm = ProcessResources.jvmThreadsCpu(center.pid());
		double clientsCpu = clientsCpu(fleet);
		long start = System.nanoTime();
		Thread.sleep(settings.idle().toMillis());
		double seconds = (System.nanoTime() - start) / 1e9;
		double centerPercent = 100 * (center.resources().cpuSeconds() - centerCpu) / seconds;
		ProcessResources.JvmThreadsCpu centerJvmNow = ProcessResources.jvmThreadsCpu(center.pid());
		double compilerPercent = 100 * (centerJvmNow.compilerSeconds() - centerJvm.compilerSeconds()) / seconds;
		double gcPercent = 100 * (centerJvmNow.gcSeconds() - centerJvm.gcSeconds()) / seconds;
		double clientsPercent = 100 * (clientsCpu(fleet) - clientsCpu) / seconds;
		double heap = center.heapAfterGcMiB();
		ProcessResources now = center.resources();
		int streams = fleet.streams();
		return new Idle(baseline.rssMiB(), baselineHeap, now.rssMiB(), heap,
				(now.rssMiB() - baseline.rssMiB()) * 1024 / streams, (heap - baselineHeap) * 1024 / streams,
				now.threads(), seconds, centerPercent, compilerPercent, gcPercent, clientsPercent);
	}

	private static double clientsCpu(StreamFleet fleet) throws Exception {
		double total = 0;
		for (long pid : fleet.pids()) {
			total += ProcessResources.cpuSeconds(pid);
		}
		return total;
	}

	private static void progress(int streams, String phase) {
		System.out.printf("[%tT] %d streams: %s%n", System.currentTimeMillis(), streams, phase);
	}

}
