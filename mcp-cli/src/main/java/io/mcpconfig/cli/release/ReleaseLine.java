package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.output.Printable;

/** One line that says which release the center made or holds: what publish, rollback and watch print. */
public final class ReleaseLine {

	private static final int SHORT_CHECKSUM = 12;

	private ReleaseLine() {
	}

	/**
	 * @param release a release as the center answers it ({@code app, env, version,
	 *        checksum, author, comment, publishedAt})
	 */
	public static String of(JsonNode release) {
		StringBuilder line = new StringBuilder();
		line.append(Printable.line(release.path("app").asText())).append('/')
			.append(Printable.line(release.path("env").asText()));
		line.append(" version ").append(release.path("version").asLong());
		line.append(" (checksum ").append(shortChecksum(release.path("checksum").asText())).append(')');
		line.append(" by ").append(Printable.line(release.path("author").asText()));
		line.append(" at ").append(release.path("publishedAt").asText());
		String comment = release.path("comment").asText("");
		if (!comment.isEmpty()) {
			line.append(": ").append(Printable.line(comment));
		}
		return line.toString();
	}

	/** What a command that made a release prints: {@code published <the release>}. */
	public static String published(JsonNode release) {
		return "published " + of(release) + "\n";
	}

	public static String shortChecksum(String checksum) {
		return (checksum.length() > SHORT_CHECKSUM) ? checksum.substring(0, SHORT_CHECKSUM) : checksum;
	}

}
