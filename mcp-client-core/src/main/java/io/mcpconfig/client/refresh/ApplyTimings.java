package io.mcpconfig.client.refresh;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * When each {@link ApplyStage} of applying one release was reached, as
 * {@link System#nanoTime()}: comparable with other {@code nanoTime} stamps of this JVM
 * only. A stage not reached (no Spring Cloud, no change to refresh, a configuration that is
 * not the center's and gets no snapshot) has none. Immutable.
 */
public final class ApplyTimings {

	private static final long NOT_REACHED = Long.MIN_VALUE;

	private static final ApplyStage[] STAGES = ApplyStage.values();

	private final long[] nanos;

	private ApplyTimings(long[] nanos) {
		this.nanos = nanos;
	}

	/**
	 * Whether a stage was reached.
	 * @param stage the stage
	 * @return whether it has a time
	 */
	public boolean reached(ApplyStage stage) {
		return this.nanos[stage.ordinal()] != NOT_REACHED;
	}

	/**
	 * When a stage was reached.
	 * @param stage the stage
	 * @return its {@link System#nanoTime()}
	 * @throws IllegalStateException if it was not reached
	 */
	public long nanos(ApplyStage stage) {
		if (!reached(stage)) {
			throw new IllegalStateException(stage + " was not reached");
		}
		return this.nanos[stage.ordinal()];
	}

	@Override
	public String toString() {
		StringJoiner stages = new StringJoiner(", ", "ApplyTimings[", "]");
		long first = Arrays.stream(this.nanos).filter((n) -> n != NOT_REACHED).min().orElse(0);
		for (ApplyStage stage : STAGES) {
			if (reached(stage)) {
				stages.add(stage + " +" + (this.nanos[stage.ordinal()] - first) / 1000 + " us");
			}
		}
		return stages.toString();
	}

	/**
	 * Records the stages of one release as it is applied. Confined to the thread that
	 * applies it (the sync session's); a stage marked twice keeps its last time.
	 */
	public static final class Recorder {

		private final long[] nanos = new long[STAGES.length];

		public Recorder() {
			Arrays.fill(this.nanos, NOT_REACHED);
		}

		/**
		 * Marks a stage as reached now.
		 * @param stage the stage
		 */
		public void mark(ApplyStage stage) {
			at(stage, System.nanoTime());
		}

		/**
		 * Marks a stage as reached at a time taken earlier, on another thread.
		 * @param stage the stage
		 * @param nanoTime its {@link System#nanoTime()}
		 */
		public void at(ApplyStage stage, long nanoTime) {
			this.nanos[stage.ordinal()] = nanoTime;
		}

		/**
		 * The stages marked so far.
		 * @return an immutable copy
		 */
		public ApplyTimings timings() {
			return new ApplyTimings(this.nanos.clone());
		}

	}

}
