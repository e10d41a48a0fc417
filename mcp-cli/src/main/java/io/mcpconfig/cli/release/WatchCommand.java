package io.mcpconfig.cli.release;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.DurationConverter;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.TargetParameters;
import io.mcpconfig.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mcpctl watch <app> <env>}: the current release, then each new one as it is
 * published, until Ctrl-C. It polls the current release; releases published between two
 * polls are read from the history, so none is skipped. A current release older than the
 * one printed, or the same version with other content, means the center's store was
 * restored from a backup: it is said, and printed, and the watch goes on from there.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
		description = { "Prints the current release of a target, then a line for each new release, until Ctrl-C.",
				"With -o json, one JSON object per line." })
public final class WatchCommand extends AdminCommand {

	/** The most releases read back at once after a gap; the center retains 100 by default. */
	private static final int MAX_CATCH_UP = 100;

	@Mixin
	private TargetParameters target;

	@Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
			description = "how often to ask the center (default: 1s)")
	private Duration interval;

	@Mixin
	private Output output;

	/** The newest version printed, 0 before the first. */
	private long printed;

	/** The release printed last, as told apart from another of its version: content and time. */
	private String printedRelease = "";

	/** Whether the center answered once: a center that never answers ends the watch, a later outage does not. */
	private boolean answered;

	/** Whether the current outage or wait was reported, so it is reported once. */
	private boolean reported;

	@Override
	public void run() {
		err().println("watching " + this.target + " on " + api().server() + " every " + this.interval.toMillis()
				+ " ms; Ctrl-C ends it");
		err().flush();
		while (!Thread.currentThread().isInterrupted()) {
			poll();
			try {
				Thread.sleep(this.interval.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void poll() {
		try {
			JsonNode current = api().get(this.target.path());
			this.answered = true;
			this.reported = false;
			long version = current.path("version").asLong();
			if (version > this.printed) {
				missedBefore(version).forEach(this::print);
				print(current);
			}
			else if (version < this.printed || !identity(current).equals(this.printedRelease)) {
				err().println("mcpctl: " + this.target + " is back at version " + version
						+ ((version < this.printed) ? " (it was at " + this.printed + ")" : " with other content")
						+ ": the center's store was restored from a backup; what was published after it is gone");
				err().flush();
				print(current);
			}
		}
		catch (CommandFailure failure) {
			boolean passing = failure.status() == ExitStatus.NOT_FOUND
					|| (this.answered && (failure.status() == ExitStatus.UNREACHABLE
							|| failure.status() == ExitStatus.SERVER_ERROR));
			if (!passing) {
				throw failure;
			}
			if (!this.reported) {
				err().println("mcpctl: " + failure.getMessage() + "; still watching");
				err().flush();
				this.reported = true;
			}
		}
	}

	/** The releases published after the last printed one and before {@code version}, oldest first. */
	private List<JsonNode> missedBefore(long version) {
		List<JsonNode> missed = new ArrayList<>();
		if (this.printed == 0 || version == this.printed + 1) {
			return missed;
		}
		long gap = Math.min(version - this.printed, MAX_CATCH_UP);
		for (JsonNode release : api().get(this.target.path("releases").with("limit", gap))) {
			long old = release.path("version").asLong();
			if (old > this.printed && old < version) {
				missed.add(0, release);
			}
		}
		return missed;
	}

	private void print(JsonNode release) {
		this.output.printStreamed(release, (line) -> ReleaseLine.of(line) + "\n");
		this.printed = release.path("version").asLong();
		this.printedRelease = identity(release);
	}

	/**
	 * A release as told apart from another of the same version: the checksum covers only
	 * the base properties, the publish time tells a release that differs elsewhere.
	 */
	private static String identity(JsonNode release) {
		return release.path("checksum").asText() + "@" + release.path("publishedAt").asText();
	}

}
