package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Records what the admin API changed: who (the caller's token), when, from where, what, and
 * which keys. A change's entry is made by the store with the change and kept with it
 * ({@link ReleaseAudit}, {@link TokenAudit}), so a refused or failed change records nothing
 * and a stored one is not without its entry.
 * <p>
 * What cannot be recorded after the change is made does not fail the request (the change
 * cannot be taken back): it is logged as an error with what the entry says (without
 * values), for the operator to notice.
 */
@Component
public class AuditTrail {

	private static final Log logger = LogFactory.getLog(AuditTrail.class);

	/** Who an entry names for what the center did by itself. */
	public static final String CENTER = "mcp-server";

	private final AuditStore store;

	private final TrustedProxies proxies;

	public AuditTrail(AuditStore store, McpServerProperties properties) {
		this.store = store;
		this.proxies = new TrustedProxies(properties.audit().trustedProxies());
	}

	/**
	 * How a new release is recorded with the keys it changed, for the store to keep with it
	 * ({@link ReleaseAudit}).
	 * @param action what makes it: a publish, a rollback, a gray promoted
	 * @param request the request that makes it
	 * @return the audit to publish with: its changes are against exactly the release the
	 * store's compare-and-set replaces, even when another publish came in between
	 */
	public ReleaseAudit released(AuditAction action, HttpServletRequest request) {
		return new StoredWithRelease((replaced, release) -> {
			Map<String, String> old = (replaced != null) ? replaced.documents().listing() : Map.of();
			return entry(release.publishedAt(), action, request, release.target().app(), release.target().env(),
					release.version(), (replaced != null) ? replaced.version() : 0L, release.comment(),
					KeyChanges.between(old, release.documents().listing()), null);
		});
	}

	/**
	 * How an overlay or gray change is recorded with the keys it changes for the instances
	 * it concerns, for the store to keep with its release ({@link ReleaseAudit}).
	 * @param action {@link AuditAction#OVERLAY_CHANGE} or {@link AuditAction#GRAY_STEP}
	 * @param request the request that makes it, {@code null} when the center makes it itself
	 * (a gray aborted on a NACK)
	 * @param before what the overlay or patch set before (empty for none), as the change
	 * found it in the release it replaces
	 * @param after what it sets in the new release (empty when it is gone)
	 * @return the audit to publish with
	 */
	public ReleaseAudit rolloutChanged(AuditAction action, HttpServletRequest request,
			Supplier<Map<String, String>> before, Function<Release, Map<String, String>> after) {
		return new StoredWithRelease((replaced, release) -> entry(release.publishedAt(), action, request,
				release.target().app(), release.target().env(), release.version(),
				(replaced != null) ? replaced.version() : 0L, release.comment(),
				KeyChanges.between(before.get(), after.apply(release)), null));
	}

	/**
	 * How a token created is recorded, for the token store to keep with it ({@link TokenAudit}).
	 * @param request the request that creates it, {@code null} when the center creates it
	 * (the first admin token)
	 * @return the audit to create it with
	 */
	public TokenAudit tokenCreated(HttpServletRequest request) {
		return new StoredWithToken((token) -> tokenEntry(token.createdAt(), AuditAction.TOKEN_CREATE, request, token));
	}

	/**
	 * How a token revoked is recorded, for the token store to keep with the revocation
	 * ({@link TokenAudit}).
	 * @param request the request that revokes it
	 * @return the audit to revoke with
	 */
	public TokenAudit tokenRevoked(HttpServletRequest request) {
		return new StoredWithToken((token) -> tokenEntry(Instant.now(), AuditAction.TOKEN_REVOKE, request, token));
	}

	private AuditEntry tokenEntry(Instant at, AuditAction action, HttpServletRequest request, ApiToken token) {
		return entry(at, action, request, null, null, null, null, null, null,
				new AuditEntry.TokenChange(token.name(), roleOf(token), token.scope().apps(), token.scope().envs()));
	}

	private AuditEntry entry(Instant at, AuditAction action, HttpServletRequest request, String app, String env,
			Long version, Long baseVersion, String comment, KeyChanges changes, AuditEntry.TokenChange token) {
		if (request == null) {
			return new AuditEntry(AuditEntry.newId(at), at, action, new AuditEntry.Actor(CENTER, null), null, app, env,
					version, baseVersion, comment, changes, token);
		}
		AuditEntry.Actor who = TokenAuthenticationFilter.tokenOf(request)
			.map((caller) -> new AuditEntry.Actor(caller.name(), roleOf(caller)))
			.orElse(new AuditEntry.Actor(Release.ANONYMOUS, null));
		return new AuditEntry(AuditEntry.newId(at), at, action, who, this.proxies.originOf(request), app, env, version,
				baseVersion, comment, changes, token);
	}

	private static String roleOf(ApiToken token) {
		return token.role().name().toLowerCase(Locale.ROOT);
	}

	private void storedWithChange(AuditEntry entry) {
		try {
			this.store.storedWithChange(entry);
		}
		catch (RuntimeException ex) {
			logger.error("The audit log could not complete the " + describe(entry) + "; the change was made: "
					+ ex.getMessage(), ex);
		}
	}

	/** An entry the release store keeps with its release, completed in the log once both are stored. */
	private final class StoredWithRelease implements ReleaseAudit {

		private final BiFunction<Release, Release, AuditEntry> entries;

		private StoredWithRelease(BiFunction<Release, Release, AuditEntry> entries) {
			this.entries = entries;
		}

		@Override
		public AuditEntry entryFor(Release replaced, Release release) {
			return this.entries.apply(replaced, release);
		}

		@Override
		public void stored(AuditEntry entry) {
			storedWithChange(entry);
		}

	}

	/** An entry the token store keeps with its change, completed in the log once both are stored. */
	private final class StoredWithToken implements TokenAudit {

		private final Function<ApiToken, AuditEntry> entries;

		private StoredWithToken(Function<ApiToken, AuditEntry> entries) {
			this.entries = entries;
		}

		@Override
		public AuditEntry entryFor(ApiToken token) {
			return this.entries.apply(token);
		}

		@Override
		public void stored(AuditEntry entry) {
			storedWithChange(entry);
		}

	}

	private static String describe(AuditEntry entry) {
		String target = (entry.app() != null) ? " of " + entry.app() + "/" + entry.env() + "@" + entry.version()
				: " of token '" + entry.token().name() + "'";
		// the center's own changes (a gray aborted on a NACK) come from no request
		String from = (entry.from() != null) ? " from " + entry.from().address() : "";
		return entry.action().name().toLowerCase(Locale.ROOT) + target + " by " + entry.who().name() + from + " at "
				+ entry.at();
	}

}
