package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The results of one run: printed as Markdown tables (ready for docs/benchmarks.md) and
 * written as JSON.
 *
 * @param label names the run ({@code before}, {@code after})
 * @param command how it was started
 * @param machine where and when
 * @param loadAtEnd {@code /proc/loadavg} at the end
 * @param minutes how long the run took
 * @param runs one per fleet size
 * @param pushCost the push cost, null when not run
 */
record StreamsReport(String label, String command, Machine machine, String loadAtEnd, double minutes,
		List<StreamCountRun.Result> runs, PushCost.Result pushCost) {

	void write(Path out) throws IOException {
		Path parent = out.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), this);
	}

	void print(PrintStream out) {
		out.printf(Locale.ROOT, "%n## %s: %s%n%n%s, %d cores, %d MiB, open files %s, %s, %s; load %s at the start, %s"
				+ " at the end; %.1f min%n", this.label, this.command, this.machine.startedAt(), this.machine.cores(),
				this.machine.memoryMiB(), this.machine.openFilesLimit(), this.machine.java(), this.machine.kernel(),
				this.machine.loadAtStart(), this.loadAtEnd, this.minutes);
		out.printf("%n### Connections%n%n| streams | connections | processes x sources | all subscribed, s | each subscribed, s:"
				+ " p50 / p99 / max | not subscribed | stream opens | sessions ended |%n|---|---|---|---|---|---|---|---|%n");
		for (StreamCountRun.Result run : this.runs) {
			StreamCountRun.Connect c = run.connect();
			if (c != null) {
				out.printf(Locale.ROOT, "| %d | %d | %d x %d | %.2f | %s | %d | %d | %s |%n", c.streams(),
						c.connections(), c.processes(),
						c.sources(), c.allSubscribedSeconds(), c.subscribedSeconds().text(2), c.notSubscribed(),
						c.opens(), ends(c.ends()));
			}
		}
		out.printf("%n### Idle center%n%n| streams | RSS, MiB: before / with streams | RSS per stream, KiB | heap after GC,"
				+ " MiB: before / with streams | heap per stream, KiB | threads | center CPU, %% of a core: all = serving"
				+ " + JIT + GC |"
				+ " clients' CPU, %% of a core |%n|---|---|---|---|---|---|---|---|%n");
		for (StreamCountRun.Result run : this.runs) {
			StreamCountRun.Idle i = run.idle();
			if (i != null) {
				out.printf(Locale.ROOT, "| %d | %.0f / %.0f | %.1f | %.0f / %.0f | %.1f | %d | %.1f = %.1f + %.1f + %.1f | %.1f |%n",
						run.streams(), i.baselineRssMiB(), i.rssMiB(), i.rssPerStreamKiB(), i.baselineHeapMiB(),
						i.heapMiB(), i.heapPerStreamKiB(), i.threads(), i.centerCpuPercent(),
						i.centerServingCpuPercent(), i.centerCompilerCpuPercent(), i.centerGcCpuPercent(),
						i.clientsCpuPercent());
			}
		}
		out.printf("%n### Publish to apply%n%n| streams | series | publishes | PUT answered, ms: p50 | each client"
				+ " applied, ms: p50 / p99 / max | last client, ms: p50 / p99 / max | mean a publish, ms (p50 of"
				+ " publishes): center handed over / client applied | not applied | sessions ended"
				+ " |%n|---|---|---|---|---|---|---|---|---|%n");
		for (StreamCountRun.Result run : this.runs) {
			for (PublishSeries.Result p : run.publishes()) {
				out.printf(Locale.ROOT, "| %d | %s | %d | %.1f | %s | %s | %s / %.1f | %d | %s |%n", run.streams(),
						p.name(), p.publishes(), p.answeredMs().p50(), p.eachClientMs().text(1),
						p.lastClientMs().text(1),
						(p.centerMeanMs().n() > 0) ? String.format(Locale.ROOT, "%.1f", p.centerMeanMs().p50()) : "-",
						p.clientMeanMs().p50(), p.missed(), ends(p.ends()) + ((p.stopped() != null) ? "; stopped: " + p.stopped() : ""));
			}
		}
		out.printf("%n### Reconnect storm (kill -9, restart on the same data and ports)%n%n| streams | kill to UP, s |"
				+ " back after UP, s: p50 / p99 / max | stream opens per client: p50 / p99 / max | not back |"
				+ " sessions ended |%n|---|---|---|---|---|---|%n");
		for (StreamCountRun.Result run : this.runs) {
			ReconnectStorm.Result s = run.storm();
			if (s != null) {
				out.printf(Locale.ROOT, "| %d | %.1f | %s | %s | %d | %s |%n", run.streams(), s.downSeconds(),
						s.backAfterUpSeconds().text(2), s.attempts().text(0), s.starved(), ends(s.ends()));
			}
		}
		out.printf("%n### The center at the end%n%n| streams | process | peak RSS, MiB | log lines | failed |%n"
				+ "|---|---|---|---|---|%n");
		for (StreamCountRun.Result run : this.runs) {
			out.printf(Locale.ROOT, "| %d | %s | %.0f | %s | %s |%n", run.streams(), run.centerAtEnd(),
					run.centerPeakRssMiB(), ends(run.centerLog()), (run.failed() != null) ? run.failed() : "");
		}
		if (this.pushCost != null) {
			PushCost.Result p = this.pushCost;
			out.printf(Locale.ROOT, "%n### Push cost%n%n| keys | full update, bytes | one-key delta, bytes | keys in"
					+ " the delta | delta / full |%n|---|---|---|---|---|%n| %d | %d | %d | %d | %.3f %% |%n", p.keys(),
					p.fullBytes(), p.deltaBytes(), p.deltaUpserts(), p.percent());
		}
	}

	/** {@code CODE: count, ...}, or none. */
	private static String ends(Map<String, Long> counts) {
		String listed = counts.entrySet()
			.stream()
			.filter((e) -> e.getValue() > 0)
			.map((e) -> e.getKey() + ": " + e.getValue())
			.collect(Collectors.joining(", "));
		return listed.isEmpty() ? "none" : listed;
	}

}
