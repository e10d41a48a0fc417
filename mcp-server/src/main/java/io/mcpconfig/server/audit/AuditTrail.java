package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Records what the admin API changed, once the change is stored: who (the caller's token),
 * when, from where, what, and which keys. Called only after the store accepted the change,
 * so a refused or failed request records nothing.
 * <p>
 * The change is made by then and cannot be taken back, so an entry that cannot be stored
 * does not fail the request: it is logged as an error with what it would have said
 * (without values), for the operator to notice.
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
	 * Records a new release and the keys it changed.
	 * @param action what made it: a publish, a rollback, a gray promoted
	 * @param request the request that made it
	 * @param replaced the release the store's compare-and-set replaced with it, as the
	 * store read it, if the target had one: the changes are against exactly that release
	 * @param release the release stored
	 */
	public void released(AuditAction action, HttpServletRequest request, Optional<Release> replaced, Release release) {
		Map<String, String> old = replaced.map((base) -> base.documents().listing()).orElse(Map.of());
		record(entry(release.publishedAt(), action, request, release.target().app(), release.target().env(),
				release.version(), replaced.map(Release::version).orElse(0L), release.comment(),
				KeyChanges.between(old, release.documents().listing()), null));
	}

	/**
	 * Records an overlay or gray change and the keys it changed for the instances it
	 * concerns.
	 * @param action {@link AuditAction#OVERLAY_CHANGE} or {@link AuditAction#GRAY_STEP}
	 * @param request the request that made it, {@code null} when the center made it itself
	 * (a gray aborted on a NACK)
	 * @param release the release stored
	 * @param before what the overlay or patch set before (empty for none)
	 * @param after what it sets now (empty when it is gone)
	 */
	public void rolloutChanged(AuditAction action, HttpServletRequest request, Release release,
			Map<String, String> before, Map<String, String> after) {
		record(entry(release.publishedAt(), action, request, release.target().app(), release.target().env(),
				release.version(), release.version() - 1, release.comment(), KeyChanges.between(before, after), null));
	}

	/**
	 * Records a token created.
	 * @param request the request that created it
	 * @param token the token
	 */
	public void tokenCreated(HttpServletRequest request, ApiToken token) {
		record(tokenEntry(token.createdAt(), AuditAction.TOKEN_CREATE, request, token));
	}

	/**
	 * Records a token revoked.
	 * @param request the request that revoked it
	 * @param token the token as it was
	 */
	public void tokenRevoked(HttpServletRequest request, ApiToken token) {
		record(tokenEntry(Instant.now(), AuditAction.TOKEN_REVOKE, request, token));
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

	private void record(AuditEntry entry) {
		try {
			this.store.append(entry);
		}
		catch (RuntimeException ex) {
			logger.error("The audit log could not record the " + describe(entry) + "; the change itself was made: "
					+ ex.getMessage(), ex);
		}
	}

	private static String describe(AuditEntry entry) {
		String target = (entry.app() != null) ? " of " + entry.app() + "/" + entry.env() + "@" + entry.version()
				: " of token '" + entry.token().name() + "'";
		return entry.action().name().toLowerCase(Locale.ROOT) + target + " by " + entry.who().name() + " from "
				+ entry.from().address() + " at " + entry.at();
	}

}
