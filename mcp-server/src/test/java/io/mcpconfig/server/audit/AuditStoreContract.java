package io.mcpconfig.server.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link AuditStore} answers to a filter: each store's test extends this class,
 * so the file store and the etcd store cannot drift apart. Five entries a second apart:
 * a publish of orders/dev by ci (key {@code n}), a rollback of orders/dev by alice
 * ({@code pool.size}), a publish of billing/prod by alice ({@code pool.size}), a token
 * created by admin, an overlay change of orders/dev by ci ({@code n}).
 */
public abstract class AuditStoreContract {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	private static final Target BILLING_PROD = new Target("billing", "prod");

	private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	protected AuditStore store;

	private List<AuditEntry> written;

	/** A new audit store over fresh, empty storage. */
	protected abstract AuditStore createStore(AuditRetention retention) throws Exception;

	/** Closes what {@link #createStore} opened. */
	protected abstract void closeStore() throws Exception;

	@BeforeEach
	void writeFiveEntries() throws Exception {
		this.store = createStore(new AuditRetention(1000));
		this.written = List.of(TestEntries.change(AuditAction.PUBLISH, ORDERS_DEV, 1, "ci", "n", at(0)),
				TestEntries.change(AuditAction.ROLLBACK, ORDERS_DEV, 2, "alice", "pool.size", at(1)),
				TestEntries.change(AuditAction.PUBLISH, BILLING_PROD, 1, "alice", "pool.size", at(2)),
				TestEntries.tokenCreate("reader-1", at(3)),
				TestEntries.change(AuditAction.OVERLAY_CHANGE, ORDERS_DEV, 3, "ci", "n", at(4)));
		this.written.forEach(this.store::append);
	}

	@AfterEach
	void close() throws Exception {
		closeStore();
	}

	@Test
	void entriesAreFilteredByActionAuthorAndChangedKey() {
		assertThat(read(filter(Set.of(AuditAction.PUBLISH, AuditAction.ROLLBACK), null, null, null, null)))
			.containsExactly(3, 2, 1);
		assertThat(read(filter(Set.of(AuditAction.TOKEN_CREATE), null, null, null, null))).containsExactly(4);
		assertThat(read(filter(Set.of(), "alice", null, null, null))).containsExactly(3, 2);
		assertThat(read(filter(Set.of(), null, "pool.size", null, null))).containsExactly(3, 2);
		assertThat(read(filter(Set.of(), null, "n", null, null))).containsExactly(5, 1);
		assertThat(read(filter(Set.of(), "nobody", null, null, null))).isEmpty();
		assertThat(read(new AuditFilter("orders", null, Set.of(), "alice", "pool.size", null, null, null)))
			.containsExactly(2);
	}

	@Test
	void entriesAreFilteredByTimeFromSinceUpToButNotIncludingUntil() {
		assertThat(read(filter(Set.of(), null, null, at(1), at(4)))).containsExactly(4, 3, 2);
		assertThat(read(filter(Set.of(), null, null, at(3), null))).containsExactly(5, 4);
		assertThat(read(filter(Set.of(), null, null, null, at(1)))).containsExactly(1);
		assertThat(read(filter(Set.of(), null, null, at(1).plusMillis(1), at(2)))).isEmpty();
		assertThat(read(filter(Set.of(), "ci", null, at(1), null))).containsExactly(5);
	}

	@Test
	void aFilteredListIsPagedAndCountedOverWhatPasses() {
		AuditPage second = this.store.read(filter(Set.of(), null, "pool.size", null, null), 1, 1);
		assertThat(second.entries()).containsExactly(this.written.get(1));
		assertThat(second.total()).isEqualTo(2);
		AuditPage beyond = this.store.read(filter(Set.of(), null, "pool.size", null, null), 2, 1);
		assertThat(beyond.entries()).isEmpty();
		assertThat(beyond.total()).isEqualTo(2);
	}

	@Test
	void aScopedReaderFindsTheChangesOfAKeyInItsOwnTargetsOnly() {
		ApiToken ordersReader = new ApiToken("orders-reader", Role.READER,
				new Scope(List.of("orders"), List.of("*")), "hash", START, "admin");
		assertThat(read(new AuditFilter(null, null, Set.of(), null, "pool.size", null, null, ordersReader)))
			.containsExactly(2);
		assertThat(read(new AuditFilter(null, null, Set.of(AuditAction.TOKEN_CREATE), null, null, null, null,
				ordersReader))).isEmpty();
	}

	/** More entries than are read at a time: every one is looked at and counted once. */
	@Test
	void aFilterOnWhatEntriesHoldReadsEveryEntryThatMayPass() throws Exception {
		closeStore();
		this.store = createStore(new AuditRetention(1000));
		List<AuditEntry> byBob = new ArrayList<>();
		for (int i = 0; i < 2 * AuditPage.SCAN_BATCH + 10; i++) {
			AuditEntry entry = TestEntries.change(AuditAction.PUBLISH, ORDERS_DEV, i + 1, (i % 3 == 0) ? "bob" : "ci",
					"n", START.plusMillis(i));
			this.store.append(entry);
			if (i % 3 == 0) {
				byBob.add(0, entry);
			}
		}
		AuditFilter bob = filter(Set.of(), "bob", null, null, null);
		AuditPage third = this.store.read(bob, 2, 30);
		assertThat(third.total()).isEqualTo(byBob.size());
		assertThat(third.entries()).containsExactlyElementsOf(byBob.subList(60, 89));
	}

	private static AuditFilter filter(Set<AuditAction> actions, String who, String key, Instant since,
			Instant until) {
		return new AuditFilter(null, null, actions, who, key, since, until, null);
	}

	/** The entries that pass, by their place in the five written (1 is the first), newest first. */
	private List<Integer> read(AuditFilter filter) {
		AuditPage page = this.store.read(filter, 0, 100);
		assertThat(page.total()).isEqualTo(page.entries().size());
		return page.entries().stream().map((entry) -> this.written.indexOf(entry) + 1).toList();
	}

	private static Instant at(int seconds) {
		return START.plusSeconds(seconds);
	}

}
