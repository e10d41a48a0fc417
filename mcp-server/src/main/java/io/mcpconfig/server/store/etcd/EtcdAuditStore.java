package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.AuditFilter;
import io.mcpconfig.server.audit.AuditPage;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.AuditStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.etcd.KeyLayout.AuditKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The audit log of a center on etcd: one key per entry under {@code {prefix}audit/}
 * ({@link KeyLayout}), so every replica on the cluster shows the same log. The entry of a
 * release or token change is written in the change's own transaction, so neither is ever
 * without the other. Keys sort by
 * time and name the entry's target, so a page is picked from the keys alone and only its
 * entries are read, in one transaction. Once a tenth more than
 * {@code mcp.server.audit.max-entries} are held, the oldest are deleted in one range
 * delete; readers see the newest {@code max-entries} only. The entries are counted every
 * {@link AuditRetention#appendsPerCount()} appends, not on each: etcd counts a prefix by
 * visiting every key in it, which made each audited publish slower as the log grew.
 */
public class EtcdAuditStore implements AuditStore {

	private static final Log logger = LogFactory.getLog(EtcdAuditStore.class);

	/** etcd refuses a transaction of more operations than this (its default --max-txn-ops). */
	private static final int OPS_PER_TXN = 128;

	private final KV kv;

	private final KeyLayout keys;

	private final CallDeadline deadline;

	private final AuditRetention retention;

	/** This replica's appends: one in {@link AuditRetention#appendsPerCount()} counts the entries. */
	private final AtomicLong appends = new AtomicLong();

	public EtcdAuditStore(EtcdReleaseStore store, AuditRetention retention) {
		this.kv = store.client().getKVClient();
		this.keys = store.keys();
		this.deadline = store.deadline();
		this.retention = retention;
	}

	/** Writes an entry: in the transaction of the change it records ({@link EtcdReleaseStore}, {@link EtcdTokenStore}). */
	static Op put(KeyLayout keys, AuditEntry entry) {
		return Op.put(keys.audit(entry.id(), entry.target()), json(entry), PutOption.DEFAULT);
	}

	@Override
	public void append(AuditEntry entry) {
		ByteSequence key = this.keys.audit(entry.id(), entry.target());
		ByteSequence value = json(entry);
		// the key is new and this replica's alone: writing it again after a lost answer changes nothing
		this.deadline.repeatable(() -> this.kv.put(key, value), "writing audit entry " + entry.id());
		appended();
	}

	/** The entry was written in its change's transaction. */
	@Override
	public void storedWithChange(AuditEntry entry) {
		appended();
	}

	private void appended() {
		if (this.appends.getAndIncrement() % this.retention.appendsPerCount() != 0) {
			return;
		}
		try {
			trimIfDue();
		}
		catch (StoreUnavailableException ex) {
			logger.warn("Cannot drop the oldest audit entries (" + ex.getMessage()
					+ "); trying again with the next entry");
		}
	}

	@Override
	public AuditPage read(AuditFilter filter, int page, int size) {
		GetOption newestKeys = GetOption.builder()
			.isPrefix(true)
			.withKeysOnly(true)
			.withSortField(GetOption.SortTarget.KEY)
			.withSortOrder(GetOption.SortOrder.DESCEND)
			.withLimit(this.retention.maxEntries())
			.build();
		List<KeyValue> newestFirst = this.deadline
			.read(() -> this.kv.get(this.keys.auditRoot(), newestKeys), "listing the audit entries")
			.getKvs();
		List<AuditKey> oldestFirst = new ArrayList<>(newestFirst.size());
		for (int i = newestFirst.size() - 1; i >= 0; i--) {
			auditKey(newestFirst.get(i).getKey()).ifPresent(oldestFirst::add);
		}
		return AuditPage.read(oldestFirst, AuditKey::target, AuditKey::id, filter, page, size, this::read);
	}

	/** Reads the entries of some keys, in as few transactions as etcd allows. */
	private List<AuditEntry> read(List<AuditKey> keys) {
		Op[] gets = keys.stream().map((key) -> Op.get(key.key(), GetOption.DEFAULT)).toArray(Op[]::new);
		// entries never change, so a page read in several transactions is still one page
		List<GetResponse> found = new ArrayList<>(gets.length);
		for (int from = 0; from < gets.length; from += OPS_PER_TXN) {
			Op[] chunk = Arrays.copyOfRange(gets, from, Math.min(gets.length, from + OPS_PER_TXN));
			found.addAll(this.deadline
				.read(() -> this.kv.txn().Then(chunk).commit(), "reading a page of the audit log")
				.getGetResponses());
		}
		// an entry dropped by retention since the keys were listed is simply not there
		return found.stream()
			.flatMap((response) -> response.getKvs().stream())
			.map(EtcdAuditStore::entry)
			.flatMap(Optional::stream)
			.toList();
	}

	/** Deletes every key before the oldest one kept, once a tenth more than max-entries are held. */
	private void trimIfDue() {
		ByteSequence root = this.keys.auditRoot();
		long held = this.deadline
			.read(() -> this.kv.get(root, GetOption.builder().isPrefix(true).withCountOnly(true).build()),
					"counting the audit entries")
			.getCount();
		if (!this.retention.isDue(held)) {
			return;
		}
		long dropped = held - this.retention.maxEntries();
		GetOption oldestKeys = GetOption.builder()
			.isPrefix(true)
			.withKeysOnly(true)
			.withSortField(GetOption.SortTarget.KEY)
			.withSortOrder(GetOption.SortOrder.ASCEND)
			.withLimit(dropped + 1)
			.build();
		List<KeyValue> oldest = this.deadline
			.read(() -> this.kv.get(root, oldestKeys), "listing the oldest audit entries")
			.getKvs();
		if (oldest.size() <= dropped) {
			return; // another replica dropped them meanwhile
		}
		ByteSequence firstKept = oldest.get((int) dropped).getKey();
		this.deadline.repeatable(() -> this.kv.delete(root, DeleteOption.builder().withRange(firstKept).build()),
				"dropping the oldest audit entries");
	}

	private Optional<AuditKey> auditKey(ByteSequence key) {
		try {
			return Optional.of(this.keys.auditKey(key));
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring the etcd key " + key.toString(StandardCharsets.UTF_8) + ": " + ex.getMessage());
			return Optional.empty();
		}
	}

	static ByteSequence json(AuditEntry entry) {
		try {
			return ByteSequence.from(EtcdJson.MAPPER.writeValueAsBytes(entry));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialize audit entry " + entry.id(), ex);
		}
	}

	private static Optional<AuditEntry> entry(KeyValue keyValue) {
		try {
			return Optional.of(EtcdJson.MAPPER.readValue(keyValue.getValue().getBytes(), AuditEntry.class));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Skipping the unreadable audit entry at " + keyValue.getKey().toString(StandardCharsets.UTF_8)
					+ ": " + ex.getMessage());
			return Optional.empty();
		}
	}

}
