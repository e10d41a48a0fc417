package io.mcpconfig.server.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mcpconfig.server.ControlCharacters;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.release.ConfigDocuments;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Refuses a configuration or a comment beyond {@code mcp.server.limits}, before anything
 * is stored, with a 400 that names what is too large, by how much, and the setting.
 */
final class PublishLimits {

	/** How much of a key an answer quotes: enough to find it, never the whole of a huge one. */
	private static final int QUOTED_KEY_LENGTH = 64;

	private final McpServerProperties.Limits limits;

	PublishLimits(McpServerProperties.Limits limits) {
		this.limits = limits;
	}

	/**
	 * Checks in the configuration's own order, so the answer names the first key that is too
	 * large. A {@code null} value (a key a patch removes) counts as empty.
	 */
	void checkConfiguration(Map<String, String> configuration) {
		check(List.of(configuration));
	}

	/** As {@link #checkConfiguration}, counting the keys of every document together. */
	void checkConfiguration(ConfigDocuments documents) {
		List<Map<String, String>> all = new ArrayList<>();
		all.add(documents.properties());
		documents.profiles().forEach((document) -> all.add(document.properties()));
		check(all);
	}

	private void check(List<Map<String, String>> documents) {
		int keys = documents.stream().mapToInt(Map::size).sum();
		if (keys > this.limits.maxKeys()) {
			throw tooLarge("the configuration has " + keys + " properties", this.limits.maxKeys(), "max-keys");
		}
		long total = 0;
		for (Map<String, String> configuration : documents) {
			for (Map.Entry<String, String> property : configuration.entrySet()) {
				String key = property.getKey();
				if (key.length() > this.limits.maxKeyLength()) {
					throw tooLarge("the key " + quote(key) + " is " + key.length() + " characters long",
							this.limits.maxKeyLength(), "max-key-length");
				}
				int control = ControlCharacters.indexIn(key);
				if (control >= 0) {
					// no property of Boot's is named so, and the key would forge lines wherever it is shown
					throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the key "
							+ quote(ControlCharacters.escaped(key)) + " contains the control character "
							+ ControlCharacters.name(key.charAt(control)) + "; a key must be printable");
				}
				int valueLength = (property.getValue() != null) ? property.getValue().length() : 0;
				if (valueLength > this.limits.maxValueLength()) {
					throw tooLarge("the value of " + quote(key) + " is " + valueLength + " characters long",
							this.limits.maxValueLength(), "max-value-length");
				}
				total += key.length() + valueLength;
			}
		}
		if (total > this.limits.maxTotalLength()) {
			throw tooLarge("the keys and values of the configuration are " + total + " characters long together",
					this.limits.maxTotalLength(), "max-total-length");
		}
	}

	/**
	 * @param comment a publish's or a rollback's comment, {@code null} when none was given
	 * @return why it is refused; empty when it is not
	 */
	Optional<String> commentRefusal(String comment) {
		if (comment != null && comment.length() > this.limits.maxCommentLength()) {
			return Optional.of(tooLong("the comment is " + comment.length() + " characters long",
					this.limits.maxCommentLength(), "max-comment-length"));
		}
		return Optional.empty();
	}

	private static String quote(String key) {
		if (key.length() <= QUOTED_KEY_LENGTH) {
			return "'" + key + "'";
		}
		// never cut between the two halves of a surrogate pair
		int end = Character.isHighSurrogate(key.charAt(QUOTED_KEY_LENGTH - 1)) ? QUOTED_KEY_LENGTH - 1
				: QUOTED_KEY_LENGTH;
		return "'" + key.substring(0, end) + "…'";
	}

	private static ResponseStatusException tooLarge(String what, int limit, String property) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, tooLong(what, limit, property));
	}

	private static String tooLong(String what, int limit, String property) {
		return what + ", more than the " + limit + " allowed (mcp.server.limits." + property + ")";
	}

}
