package io.mcpconfig.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.mcpconfig.client.refresh.ApplyStage;
import io.mcpconfig.client.refresh.ApplyTimings;

/**
 * One publish through the apply path, every time in ns since the center received the
 * {@code PUT}: when the center answered it, when the client reached each
 * {@link ApplyStage} (-1: not reached), and when a request got the new greeting. Written
 * as one tab-separated line, so that runs in other JVMs can be merged.
 *
 * @param kind the kind of change ({@link ApplyPathBenchmark.Change})
 * @param answeredNanos the {@code PUT} answered
 * @param stageNanos by {@link ApplyStage#ordinal()}
 * @param servedNanos the new greeting served
 */
record ApplySample(String kind, long answeredNanos, long[] stageNanos, long servedNanos) {

	static final ApplyStage[] STAGES = ApplyStage.values();

	static ApplySample of(String kind, long receivedNanos, long answeredAtNanos, ApplyTimings timings,
			long servedAtNanos) {
		long[] stages = new long[STAGES.length];
		for (ApplyStage stage : STAGES) {
			stages[stage.ordinal()] = timings.reached(stage) ? timings.nanos(stage) - receivedNanos : -1;
		}
		return new ApplySample(kind, answeredAtNanos - receivedNanos, stages, servedAtNanos - receivedNanos);
	}

	boolean reached(ApplyStage stage) {
		return this.stageNanos[stage.ordinal()] >= 0;
	}

	long at(ApplyStage stage) {
		return this.stageNanos[stage.ordinal()];
	}

	/**
	 * How long a stage took: from the stage reached last before it (the {@code PUT} for
	 * the first) to it.
	 */
	long took(ApplyStage stage) {
		long at = at(stage);
		long before = 0;
		for (ApplyStage other : STAGES) {
			if (other != stage && reached(other) && at(other) <= at && at(other) > before) {
				before = at(other);
			}
		}
		return at - before;
	}

	String toLine() {
		return this.kind + "\t" + this.answeredNanos + "\t" + this.servedNanos + "\t"
				+ Arrays.stream(this.stageNanos).mapToObj(Long::toString).collect(Collectors.joining("\t"));
	}

	static ApplySample parse(String line) {
		String[] fields = line.split("\t");
		long[] stages = new long[STAGES.length];
		for (int i = 0; i < stages.length; i++) {
			stages[i] = Long.parseLong(fields[3 + i]);
		}
		return new ApplySample(fields[0], Long.parseLong(fields[1]), stages, Long.parseLong(fields[2]));
	}

}
