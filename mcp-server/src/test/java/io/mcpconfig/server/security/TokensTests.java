package io.mcpconfig.server.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.mcpconfig.server.audit.TokenAudit;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.file.FileReleaseStore;
import io.mcpconfig.server.store.file.FileTokenStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token change stored, and the re-read after it failing, as on etcd when the cluster
 * drops away between the two calls: the change holds on this replica at once and is
 * answered as done (the secret, the revocation), never as "nothing was stored".
 */
class TokensTests {

	@TempDir
	Path dir;

	private final List<Set<String>> revoked = new ArrayList<>();

	private ReadFailingTokenStore store;

	private Tokens tokens;

	@BeforeEach
	void tokens() {
		this.store = new ReadFailingTokenStore(
				new FileTokenStore(new FileReleaseStore(this.dir, 10, ReleaseSizeLimits.DEFAULT)));
		this.tokens = new Tokens(this.store, "admin-secret", Duration.ofHours(1), Clock.systemUTC());
		this.tokens.onRevoked(this.revoked::add);
	}

	@AfterEach
	void close() {
		this.tokens.close();
	}

	@Test
	void aTokenCreatedIsAcceptedAtOnceWhenTheReadAfterTheWriteFails() {
		this.store.failReads = true;
		Tokens.CreatedToken created = this.tokens.create("ci", Role.PUBLISHER, Scope.ALL, "admin", null);
		assertThat(this.tokens.authenticate(created.secret())).contains(created.token());
		assertThat(this.tokens.list()).extracting(ApiToken::name).containsExactly("admin", "ci");
	}

	@Test
	void aTokenRevokedIsRefusedAtOnceAndItsSessionsAreToldWhenTheReadAfterTheWriteFails() {
		Tokens.CreatedToken created = this.tokens.create("ci", Role.PUBLISHER, Scope.ALL, "admin", null);
		this.store.failReads = true;
		assertThat(this.tokens.revoke("ci", null)).contains(created.token());
		assertThat(this.tokens.authenticate(created.secret())).isEmpty();
		assertThat(this.revoked).containsExactly(Set.of("ci"));
		this.store.failReads = false;
		this.tokens.refresh();
		assertThat(this.revoked).as("told once").hasSize(1);
	}

	@Test
	void beforeTheStoreIsReadOnceOnlyTheConfiguredAdminIsKnownAndAnUnknownSecretMayBeValid() {
		Tokens.CreatedToken stored = this.tokens.create("ci", Role.PUBLISHER, Scope.ALL, "admin", null);
		this.tokens.close();
		this.store.failReads = true;
		// a replica started while its store is away
		this.tokens = new Tokens(this.store, "admin-secret", Duration.ofHours(1), Clock.systemUTC());
		assertThat(this.tokens.check(stored.secret()).tokensRead()).isFalse();
		assertThat(this.tokens.authenticate("admin-secret")).hasValueSatisfying(
				(admin) -> assertThat(admin.role()).isEqualTo(Role.ADMIN));
		assertThat(this.tokens.authenticate(stored.secret())).isEmpty();

		this.store.failReads = false;
		this.tokens.refresh();
		assertThat(this.tokens.check(stored.secret()).tokensRead()).isTrue();
		assertThat(this.tokens.authenticate(stored.secret())).contains(stored.token());
	}

	/** The real file store, whose reads fail on demand as an etcd cluster's can. */
	private static final class ReadFailingTokenStore implements TokenStore {

		private final TokenStore stored;

		private volatile boolean failReads;

		ReadFailingTokenStore(TokenStore stored) {
			this.stored = stored;
		}

		@Override
		public List<ApiToken> tokens() {
			if (this.failReads) {
				throw new StoreUnavailableException("etcd did not answer within 5000 ms", null);
			}
			return this.stored.tokens();
		}

		@Override
		public void create(ApiToken token, TokenAudit audit) {
			this.stored.create(token, audit);
		}

		@Override
		public Optional<ApiToken> revoke(String name, boolean keepAnAdmin, TokenAudit audit) {
			return this.stored.revoke(name, keepAnAdmin, audit);
		}

	}

}
