package io.mcpconfig.server.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.audit.TokenAudit;
import io.mcpconfig.server.store.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The tokens the center accepts: the stored ones, read again every
 * {@code mcp.server.security.refresh-interval} so that a token created or revoked on
 * another replica counts here within that time, and the admin token of
 * {@code mcp.server.security.admin-token}, kept in memory only. A presented secret is
 * looked up by its hash in one immutable map, swapped whole: authentication never locks.
 * While the store cannot be read, the tokens last read stay in force; until it has been
 * read once, only the configured admin token is known, and an unknown secret may be a
 * valid token this replica has not seen ({@link #check}).
 */
public class Tokens implements AutoCloseable {

	/** The name reserved for the first admin token. */
	public static final String ADMIN = "admin";

	/** What a secret this replica does not know is answered before the tokens were read. */
	static final String NOT_READ_YET = "this center has not been able to read its tokens yet (its store is"
			+ " unavailable), so it cannot tell whether the bearer token is valid; try again";

	private static final Log logger = LogFactory.getLog(Tokens.class);

	private final TokenStore store;

	private final ApiToken configuredAdmin;

	private final Clock clock;

	private final AtomicReference<Map<String, ApiToken>> byHash = new AtomicReference<>(Map.of());

	private final List<Consumer<Set<String>>> revocationListeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService refresher;

	private volatile boolean storeAway;

	private volatile boolean read;

	/**
	 * Reads the stored tokens and keeps reading them.
	 * @param store where tokens are kept
	 * @param configuredAdminSecret the secret of {@code mcp.server.security.admin-token},
	 * {@code null} when not set
	 * @param refreshInterval how often the stored tokens are read again
	 * @param clock the clock that dates new tokens
	 */
	public Tokens(TokenStore store, String configuredAdminSecret, Duration refreshInterval, Clock clock) {
		this.store = store;
		this.clock = clock;
		this.configuredAdmin = (configuredAdminSecret != null) ? new ApiToken(ADMIN, Role.ADMIN, Scope.ALL,
				TokenSecret.hash(configuredAdminSecret), clock.instant(), "mcp.server.security.admin-token") : null;
		// in force before the store is read: it needs no store
		this.byHash.set((this.configuredAdmin != null)
				? Map.of(this.configuredAdmin.secretHash(), this.configuredAdmin) : Map.of());
		refreshQuietly();
		this.refresher = DaemonThreads.singleScheduled("mcp-tokens-");
		long millis = refreshInterval.toMillis();
		this.refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * The token a secret belongs to.
	 * @param secret the presented secret
	 * @return the token, empty when the secret is unknown or revoked
	 */
	public Optional<ApiToken> authenticate(String secret) {
		if (secret == null || secret.isBlank()) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.byHash.get().get(TokenSecret.hash(secret.trim())));
	}

	/**
	 * What a presented secret is to this replica. Until the stored tokens have been read
	 * once, a secret it does not know may still be a valid token (the replica started while
	 * its store was away): callers answer "unavailable, try again", not "invalid", which
	 * would have an operator rotate a good token and keep a client from trying another
	 * center.
	 * @param secret the presented secret, {@code null} for none
	 */
	public Presented check(String secret) {
		// the flag first: once it is set, the map is the one of a read
		boolean read = this.read;
		return new Presented(authenticate(secret), read);
	}

	/**
	 * A presented secret, as {@link #check} found it.
	 *
	 * @param token the token it belongs to, empty when none this replica knows
	 * @param tokensRead whether the stored tokens had been read when it was looked up: if
	 * not, an unknown secret may be valid
	 */
	public record Presented(Optional<ApiToken> token, boolean tokensRead) {
	}

	/**
	 * Creates a token and answers its secret, which is shown this once.
	 * @param name its name
	 * @param role its role
	 * @param scope its scope
	 * @param createdBy the name of the token that creates it
	 * @param audit how the creation is recorded
	 * @return the token and its secret
	 * @throws TokenExistsException if the name is taken or reserved
	 */
	public CreatedToken create(String name, Role role, Scope scope, String createdBy, TokenAudit audit) {
		if (ADMIN.equals(name) && this.configuredAdmin != null) {
			throw new TokenExistsException(name);
		}
		String secret = TokenSecret.generate();
		ApiToken token = new ApiToken(name, role, scope, TokenSecret.hash(secret), this.clock.instant(), createdBy);
		this.store.create(token, audit);
		// held at once: the re-read after it may fail (etcd), and the token exists all the same
		replace((held) -> with(held, token));
		refreshQuietly();
		return new CreatedToken(token, secret);
	}

	/**
	 * Revokes a stored token; its gRPC sessions are closed. The last stored admin token stays
	 * unless an admin token is configured: without one, nobody could manage tokens again.
	 * @param name its name
	 * @param audit how the revocation is recorded
	 * @return the token revoked, empty when there was none of that name
	 * @throws LastAdminTokenException if it is the last admin token
	 */
	public Optional<ApiToken> revoke(String name, TokenAudit audit) {
		Optional<ApiToken> revoked = this.store.revoke(name, this.configuredAdmin == null, audit);
		revoked.ifPresent((gone) -> replace((held) -> without(held, gone)));
		refreshQuietly();
		return revoked;
	}

	/**
	 * Every token the center accepts, by name.
	 * @return the stored tokens and the configured admin
	 */
	public List<ApiToken> list() {
		return this.byHash.get().values().stream().sorted(Comparator.comparing(ApiToken::name)).toList();
	}

	/**
	 * Registers a listener told the names of tokens that stopped being valid.
	 * @param listener the listener, called on the thread that saw the change (a refresh, a revoke)
	 */
	public void onRevoked(Consumer<Set<String>> listener) {
		this.revocationListeners.add(listener);
	}

	/** Reads the stored tokens again and tells the listeners which ones are gone. */
	void refresh() {
		List<ApiToken> stored = this.store.tokens();
		this.storeAway = false;
		Map<String, ApiToken> next = Stream.concat(stored.stream(), Stream.ofNullable(this.configuredAdmin))
			.collect(Collectors.toUnmodifiableMap(ApiToken::secretHash, Function.identity(), (first, second) -> first));
		replace((held) -> next);
		// after the swap: a caller that asks this first, then authenticates, never sees it
		// set while the map is still the one before the first read
		this.read = true;
	}

	/** Swaps what this replica accepts and tells the listeners which tokens it no longer does. */
	private void replace(UnaryOperator<Map<String, ApiToken>> change) {
		Map<String, ApiToken> previous;
		Map<String, ApiToken> next;
		do {
			previous = this.byHash.get();
			next = change.apply(previous);
		}
		while (!this.byHash.compareAndSet(previous, next));
		Set<String> gone = new HashSet<>();
		Map<String, ApiToken> kept = next;
		previous.forEach((hash, token) -> {
			if (!kept.containsKey(hash)) {
				gone.add(token.name());
			}
		});
		if (!gone.isEmpty()) {
			logger.info("Tokens no longer valid: " + gone);
			this.revocationListeners.forEach((listener) -> listener.accept(Set.copyOf(gone)));
		}
	}

	private static Map<String, ApiToken> with(Map<String, ApiToken> held, ApiToken token) {
		Map<String, ApiToken> next = new HashMap<>(held);
		next.put(token.secretHash(), token);
		return Map.copyOf(next);
	}

	private static Map<String, ApiToken> without(Map<String, ApiToken> held, ApiToken token) {
		Map<String, ApiToken> next = new HashMap<>(held);
		next.remove(token.secretHash());
		return Map.copyOf(next);
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (StoreUnavailableException ex) {
			if (!this.storeAway) {
				this.storeAway = true;
				logger.warn("Cannot read the tokens (" + ex.getMessage() + "); the " + this.byHash.get().size()
						+ " tokens read last stay in force until the store answers");
			}
		}
		catch (RuntimeException ex) {
			logger.error("Reading the tokens failed; the tokens read last stay in force", ex);
		}
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
	}

	/**
	 * A token just created.
	 *
	 * @param token the token as kept
	 * @param secret its secret, shown once
	 */
	public record CreatedToken(ApiToken token, String secret) {
	}

}
