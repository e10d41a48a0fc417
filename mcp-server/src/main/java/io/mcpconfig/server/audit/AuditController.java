package io.mcpconfig.server.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.web.InvalidParameterException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, a page at a time, narrowed by
 * target, action, author, changed key and time. Every token that may read lists it, and
 * gets the entries of the apps and envs its scope covers ({@link AuditFilter}): a list
 * across targets is filtered, never refused.
 */
@RestController
public class AuditController {

	static final int DEFAULT_SIZE = 20;

	/** Also below etcd's 128 operations per transaction, the one that reads a page. */
	static final int MAX_SIZE = 100;

	private final AuditStore store;

	public AuditController(AuditStore store) {
		this.store = store;
	}

	@GetMapping("/api/v1/audit")
	@RequiresPermission(value = Permission.READ, filtersByScope = true)
	public AuditPage list(@RequestParam(required = false) String app, @RequestParam(required = false) String env,
			@RequestParam(required = false) List<String> action, @RequestParam(required = false) String who,
			@RequestParam(required = false) String key, @RequestParam(required = false) String since,
			@RequestParam(required = false) String until, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + DEFAULT_SIZE) int size, HttpServletRequest request) {
		if (page < 0) {
			throw badRequest("page", "page must be 0 or more, was " + page);
		}
		if (size < 1) {
			throw badRequest("size", "size must be 1 or more (at most " + MAX_SIZE + " are answered), was " + size);
		}
		Instant from = instant("since", since);
		Instant to = instant("until", until);
		if (from != null && to != null && !from.isBefore(to)) {
			throw badRequest("since", "since (" + from + ") must be before until (" + to + ")");
		}
		AuditFilter filter = new AuditFilter(name("app", app), name("env", env), actions(action), text(who),
				text(key), from, to, TokenAuthenticationFilter.tokenOf(request).orElse(null));
		return this.store.read(filter, page, Math.min(size, MAX_SIZE));
	}

	/** An absent or empty parameter filters nothing; anything else must be a valid name. */
	private static String name(String what, String name) {
		if (name == null || name.isEmpty()) {
			return null;
		}
		Target.requireName(what, name);
		return name;
	}

	private static String text(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

	/** Actions as the entries name them, repeated or separated by commas. */
	private static Set<AuditAction> actions(List<String> names) {
		if (names == null) {
			return Set.of();
		}
		Set<AuditAction> actions = EnumSet.noneOf(AuditAction.class);
		for (String name : names) {
			if (name.isBlank()) {
				continue;
			}
			actions.add(Arrays.stream(AuditAction.values())
				.filter((candidate) -> candidate.jsonName().equals(name.strip()))
				.findFirst()
				.orElseThrow(() -> badRequest("action", "action '" + name.strip() + "' is not one of "
						+ Arrays.stream(AuditAction.values()).map(AuditAction::jsonName).collect(Collectors.joining(", ")))));
		}
		return actions;
	}

	/** An instant ({@code 2026-11-25T14:04:22Z}, with an offset too) or a day, from its start in UTC. */
	private static Instant instant(String what, String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			Instant instant = (text.length() == 10) ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
					: OffsetDateTime.parse(text).toInstant();
			instant.toEpochMilli(); // entries are found by their millisecond: one far beyond it is no time
			return instant;
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw badRequest(what, what + " '" + text + "' is neither an instant such as 2026-11-25T14:04:22Z (or"
					+ " +01:00 for the offset) nor a day such as 2026-11-25");
		}
	}

	private static InvalidParameterException badRequest(String parameter, String reason) {
		return InvalidParameterException.query(parameter, reason);
	}

}
