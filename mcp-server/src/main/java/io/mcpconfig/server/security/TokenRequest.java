package io.mcpconfig.server.security;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.admin.JsonBody;

/**
 * Body of {@code POST /api/v1/tokens}, read strictly: a misspelt field must not widen or
 * narrow a token silently.
 *
 * @param name the token's name
 * @param role its role
 * @param scope its scope
 */
record TokenRequest(String name, Role role, Scope scope) {

	private static final Set<String> FIELDS = Set.of("name", "role", "apps", "envs");

	/** What a misspelt role looks like, to be repeated in the refusal. */
	private static final Pattern ROLE_LIKE = Pattern.compile("[A-Za-z_ -]{1,20}");

	/**
	 * The most apps, and the most envs, one token lists: each token is read on every
	 * authentication of every replica, and a glob covers any number of names.
	 */
	static final int MAX_SCOPE_ENTRIES = 256;

	private static final String EXAMPLE = "e.g. {\"name\": \"orders-prod\", \"role\": \"client\", "
			+ "\"apps\": [\"orders\"], \"envs\": [\"prod\"]}";

	/**
	 * Parses the body: one JSON object, each field once, and nothing after it.
	 * @throws org.springframework.web.server.ResponseStatusException 400 when it is no such JSON
	 * @throws IllegalArgumentException naming what is wrong with the token it asks for
	 */
	static TokenRequest read(byte[] body, ObjectMapper json) {
		return of(JsonBody.parse(body, json));
	}

	/**
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static TokenRequest of(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new IllegalArgumentException("the body must be a JSON object, " + EXAMPLE);
		}
		for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
			String field = names.next();
			if (!FIELDS.contains(field)) {
				throw new IllegalArgumentException("unknown field " + JsonBody.quoted(field) + "; a token has name, role, apps and envs, "
						+ EXAMPLE);
			}
		}
		String name = text(body, "name");
		Role role = role(text(body, "role"));
		List<String> apps = list(body, "apps");
		List<String> envs = list(body, "envs");
		if (role == Role.ADMIN) {
			if (apps != null || envs != null) {
				throw new IllegalArgumentException("an admin token covers every app and env; leave apps and envs out");
			}
			return new TokenRequest(name, role, Scope.ALL);
		}
		if (apps == null || envs == null) {
			throw new IllegalArgumentException("a " + role.name().toLowerCase(Locale.ROOT)
					+ " token needs apps and envs (names or globs, [\"*\"] for all), " + EXAMPLE);
		}
		return new TokenRequest(name, role, new Scope(apps, envs));
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || !value.isTextual() || value.textValue().isBlank()) {
			throw new IllegalArgumentException(field + " is required and must be a string, " + EXAMPLE);
		}
		return value.textValue();
	}

	private static Role role(String role) {
		try {
			return Role.valueOf(role.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("role " + shownRole(role) + " is not one of " + Arrays.stream(Role.values())
				.map((known) -> known.name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", ")));
		}
	}

	/** A role as a refusal repeats it: a word as it is, anything else (a pasted secret) by its length. */
	private static String shownRole(String role) {
		return ROLE_LIKE.matcher(role).matches() ? JsonBody.quoted(role)
				: "(a string of " + role.length() + " characters)";
	}

	private static List<String> list(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isArray()) {
			throw new IllegalArgumentException(field + " must be an array of names or globs, " + EXAMPLE);
		}
		if (value.size() > MAX_SCOPE_ENTRIES) {
			throw new IllegalArgumentException(field + " lists " + value.size() + " entries, more than the "
					+ MAX_SCOPE_ENTRIES + " a token may list; a glob such as \"orders-*\" covers many");
		}
		// listed twice means the same as once: the token keeps each name one time
		Set<String> entries = new LinkedHashSet<>();
		for (JsonNode entry : value) {
			if (!entry.isTextual()) {
				throw new IllegalArgumentException(field + " must hold strings, found " + JsonBody.shown(entry));
			}
			entries.add(entry.textValue());
		}
		return List.copyOf(entries);
	}

}
