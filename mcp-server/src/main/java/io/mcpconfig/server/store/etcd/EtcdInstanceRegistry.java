package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The instances of every replica on one etcd ({@code mcp.server.store=etcd}). Each replica
 * writes the instances whose sessions it holds to {@code
 * {prefix}instances/{app}/{env}/{instanceId}} (the {@link Instance} as JSON, with this
 * replica's server id), all under one lease of its own with a time to live of {@code
 * mcp.server.etcd.lease-ttl}, and every replica lists a target's instances from etcd. A
 * session that ends deletes its key; a replica that stops revokes its lease, and one that
 * dies or loses etcd loses its keys when the lease expires.
 * <p>
 * Sessions never wait for etcd: {@link #put} and {@link #remove} note the change and one
 * thread, {@code mcp-etcd-instances}, writes it, every call within the store's deadline.
 * Changes of status are written at once; a change of {@code lastHeartbeat} alone waits
 * for the next tick, every third of the lease TTL. Another thread, {@code mcp-etcd-lease},
 * keeps the lease alive on the same period, so a long flush of many instances cannot
 * let it expire. A write that fails is logged and tried again on the next tick; a lease that etcd no
 * longer knows (it was out of reach for longer than the TTL) is granted again and every
 * connected instance written again.
 * <p>
 * A client that reconnects to another replica is written there while its old session may
 * still linger here: each write is conditional on the key's last revision, so an older
 * session never overwrites a newer one and never deletes it.
 */
public class EtcdInstanceRegistry implements InstanceRegistry, AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdInstanceRegistry.class);

	/** The revision of a key whose write was sent but never answered. */
	private static final long UNKNOWN = 0;

	/** The "revision" of a key that a newer session of the instance on another replica holds. */
	private static final long YIELDED = -1;

	/** Attempts of one write when other replicas change the key in between. */
	private static final int WRITE_ATTEMPTS = 3;

	/** etcd takes at most 128 operations in a transaction (--max-txn-ops); half as many puts. */
	private static final int KEYS_PER_TXN = 64;

	/**
	 * Writes sent before their answers are awaited: a flush of thousands of instances takes
	 * a few round trips instead of one per instance.
	 */
	public static final int WRITES_IN_FLIGHT = 256;

	private final int writesInFlight;

	private final KV kv;

	private final Lease leases;

	private final KeyLayout keys;

	private final CallDeadline deadline;

	private final ServerId serverId;

	private final Duration leaseTtl;

	private final ScheduledThreadPoolExecutor thread;

	/** Keeps the lease alive, whatever the registry thread is busy with. */
	private final ScheduledThreadPoolExecutor keepAlive;

	/** What this replica's sessions say now: changed by session threads, written by the registry thread. */
	private final ConcurrentHashMap<Slot, Instance> live = new ConcurrentHashMap<>();

	/** Slots changed since they were last written. */
	private final Set<Slot> dirty = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	// Owned by the registry thread.

	private final Map<Slot, Written> written = new HashMap<>();

	/**
	 * The lease of this replica's keys; 0 until granted and after etcd lost it. Set by the
	 * registry thread, read by the keep-alive thread.
	 */
	private volatile long leaseId;

	private boolean failing;

	/**
	 * A registry on the store's etcd client and key prefix.
	 * @param store the etcd store of this replica
	 * @param serverId this replica's id, written into every record
	 * @param leaseTtl how long this replica's instances outlive it (1 s or more, whole
	 * seconds)
	 */
	public EtcdInstanceRegistry(EtcdReleaseStore store, ServerId serverId, Duration leaseTtl) {
		this(store, serverId, leaseTtl, WRITES_IN_FLIGHT);
	}

	/**
	 * A registry that sends at most {@code writesInFlight} writes before it awaits their
	 * answers; 1 awaits each write before sending the next (the benchmark compares them).
	 */
	public EtcdInstanceRegistry(EtcdReleaseStore store, ServerId serverId, Duration leaseTtl, int writesInFlight) {
		if (writesInFlight < 1) {
			throw new IllegalArgumentException("writesInFlight must be 1 or more, was " + writesInFlight);
		}
		this.writesInFlight = writesInFlight;
		if (leaseTtl == null || leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("mcp.server.etcd.lease-ttl must be 1s or more, was " + leaseTtl);
		}
		this.kv = store.client().getKVClient();
		this.leases = store.client().getLeaseClient();
		this.keys = store.keys();
		this.deadline = store.deadline();
		this.serverId = serverId;
		this.leaseTtl = Duration.ofSeconds((leaseTtl.toMillis() + 999) / 1000);
		this.thread = DaemonThreads.singleScheduled("mcp-etcd-instances-");
		this.keepAlive = DaemonThreads.singleScheduled("mcp-etcd-lease-");
		long tickMillis = Math.max(100, this.leaseTtl.toMillis() / 3);
		this.thread.scheduleWithFixedDelay(() -> guarded(() -> flush(true)), tickMillis, tickMillis,
				TimeUnit.MILLISECONDS);
		this.keepAlive.scheduleWithFixedDelay(this::keepLeaseAlive, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
	}

	/** Notes the change; it reaches etcd soon (a new {@code lastHeartbeat} alone on the next tick). */
	@Override
	public void put(Instance instance) {
		if (this.closed.get()) {
			return;
		}
		Slot slot = Slot.of(instance);
		Instance before = this.live.get(slot);
		Instance now = this.live.merge(slot, instance, Instance::newer);
		boolean heartbeatOnly = before != null && before.sameSession(now)
				&& now.equals(before.heardFrom(now.lastHeartbeat()));
		if (!heartbeatOnly) {
			this.dirty.add(slot);
			flushSoon();
		}
	}

	/** Notes that the session ended; its key is deleted soon, unless a newer session holds it. */
	@Override
	public void remove(Instance instance) {
		if (this.closed.get()) {
			return;
		}
		Slot slot = Slot.of(instance);
		this.live.computeIfPresent(slot, (key, held) -> held.sameSession(instance) ? null : held);
		this.dirty.add(slot);
		flushSoon();
	}

	/**
	 * The instances of the target on every replica, read from etcd; this replica's own
	 * sessions as they are now (etcd may lag by a heartbeat tick).
	 * @throws StoreUnavailableException when etcd cannot be read
	 */
	@Override
	public List<Instance> list(Target target) {
		GetResponse response = this.deadline.read(
				() -> this.kv.get(this.keys.instances(target), GetOption.builder().isPrefix(true).build()),
				"reading the instances of " + target);
		Map<String, Instance> byId = new HashMap<>();
		for (KeyValue keyValue : response.getKvs()) {
			read(keyValue).filter((other) -> !this.serverId.value().equals(other.serverId()))
				.ifPresent((other) -> byId.merge(other.instanceId(), other, Instance::newer));
		}
		this.live.forEach((slot, mine) -> {
			if (slot.target().equals(target)) {
				byId.merge(mine.instanceId(), mine, Instance::newer);
			}
		});
		return byId.values().stream().sorted(Comparator.comparing(Instance::instanceId)).toList();
	}

	/**
	 * One key's read instead of the target's whole prefix, merged with this replica's own
	 * session of the instance as in {@link #list}.
	 * @throws StoreUnavailableException when etcd cannot be read
	 */
	@Override
	public Optional<Instance> find(Target target, String instanceId) {
		GetResponse response = this.deadline.read(() -> this.kv.get(this.keys.instance(target, instanceId)),
				"reading instance " + instanceId + " of " + target);
		Optional<Instance> other = response.getKvs()
			.stream()
			.findFirst()
			.flatMap(this::read)
			.filter((instance) -> !this.serverId.value().equals(instance.serverId()));
		Instance mine = this.live.get(new Slot(target, instanceId));
		if (mine == null) {
			return other;
		}
		return Optional.of(other.map((instance) -> Instance.newer(instance, mine)).orElse(mine));
	}

	private Optional<Instance> read(KeyValue keyValue) {
		try {
			return Optional.of(EtcdJson.MAPPER.readValue(keyValue.getValue().getBytes(), Instance.class));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("ignoring etcd key " + keyValue.getKey().toString(StandardCharsets.UTF_8)
					+ ": not an instance (" + ex.getMessage() + ")");
			return Optional.empty();
		}
	}

	// --- the registry thread ---

	private void flushSoon() {
		if (this.flushScheduled.compareAndSet(false, true)) {
			try {
				this.thread.execute(() -> {
					this.flushScheduled.set(false);
					guarded(() -> flush(false));
				});
			}
			catch (RejectedExecutionException ex) {
				// closed: the lease is revoked with every key under it
			}
		}
	}

	/**
	 * On the keep-alive thread. A lease etcd no longer knows is handed to the registry
	 * thread; other failures are left to the writes, which log them.
	 */
	private void keepLeaseAlive() {
		long lease = this.leaseId;
		if (lease == 0 || this.closed.get()) {
			return;
		}
		try {
			this.deadline.await(this.leases.keepAliveOnce(lease), "keeping the instances' lease alive",
					this.deadline.start());
		}
		catch (StoreUnavailableException ex) {
			if (isLeaseLost(ex)) {
				try {
					this.thread.execute(() -> {
						if (this.leaseId == lease) {
							leaseLost();
						}
					});
				}
				catch (RejectedExecutionException closing) {
					// closed: nothing to register again
				}
			}
			else {
				if (logger.isDebugEnabled()) {
					logger.debug("Instance registry: cannot keep lease " + Long.toHexString(lease) + " alive: "
							+ ex.getMessage());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Instance registry: unexpected failure keeping the lease alive; trying again", ex);
		}
	}

	/** Writes what changed: the dirty slots, or every slot on a tick and after a new lease. */
	private void flush(boolean all) {
		if (this.live.isEmpty() && this.written.isEmpty() && this.dirty.isEmpty()) {
			return;
		}
		if (this.leaseId == 0) {
			this.leaseId = this.deadline.await(this.leases.grant(this.leaseTtl.toSeconds()),
					"granting a lease for the instances", this.deadline.start()).getID();
			logger.debug("Registering instances in etcd under lease " + Long.toHexString(this.leaseId) + " ("
					+ this.leaseTtl + ")");
			all = true;
		}
		Set<Slot> slots = new LinkedHashSet<>(this.dirty);
		if (all) {
			slots.addAll(this.live.keySet());
			slots.addAll(this.written.keySet());
		}
		List<Slot> toWrite = new ArrayList<>();
		List<Slot> toDelete = new ArrayList<>();
		for (Slot slot : slots) {
			this.dirty.remove(slot);
			Instance wanted = this.live.get(slot);
			Written have = this.written.get(slot);
			if (wanted == null) {
				if (have != null) {
					toDelete.add(slot);
				}
			}
			else if (needsWrite(have, wanted, all)) {
				toWrite.add(slot);
			}
		}
		try {
			inBatches(toDelete, this::deleteAll);
		}
		catch (StoreUnavailableException ex) {
			this.dirty.addAll(toWrite);
			throw ex;
		}
		inBatches(toWrite, this::writeAll);
	}

	/**
	 * Sends the slots' writes or deletes {@code writesInFlight} at a time. A failed
	 * batch ends the flush (etcd out of reach would fail every batch, each only after its
	 * deadline); its slots and those not sent are tried again on the next.
	 */
	private void inBatches(List<Slot> slots, Function<List<Slot>, StoreUnavailableException> batch) {
		for (int from = 0; from < slots.size(); from += this.writesInFlight) {
			int to = Math.min(slots.size(), from + this.writesInFlight);
			StoreUnavailableException failure = batch.apply(slots.subList(from, to));
			if (failure != null) {
				this.dirty.addAll(slots.subList(to, slots.size()));
				throw failure;
			}
		}
	}

	private static StoreUnavailableException firstOf(StoreUnavailableException first,
			StoreUnavailableException next) {
		return (first != null) ? first : next;
	}

	/**
	 * Whether a slot is written in this flush. A yielded slot is tried again on each tick,
	 * if its key is absent: the newer-looking session that holds it may have ended, or may
	 * only look newer through a clock skew between replicas while it is a lingering one,
	 * and the live session must not stay missing from every other replica's list.
	 */
	private static boolean needsWrite(Written have, Instance wanted, boolean onTick) {
		if (have != null && have.revision() != UNKNOWN && have.record().sameSession(wanted)) {
			if (have.revision() == YIELDED) {
				return onTick;
			}
			boolean heartbeatOnly = wanted.equals(have.record().heardFrom(wanted.lastHeartbeat()));
			return !(have.record().equals(wanted) || (heartbeatOnly && !onTick));
		}
		return true;
	}

	/**
	 * Writes the records of some slots, all sent before any answer is awaited, up to
	 * {@link #KEYS_PER_TXN} in one transaction: etcd commits (and fsyncs) one entry per
	 * transaction, so a reconnect storm of thousands costs tens of commits, not thousands. A
	 * record is written if its key is still as this replica last wrote it (or absent);
	 * a transaction in which some key is not is undone as a whole, and its keys are written
	 * one by one, each overwriting the key only if that holds an older session of the instance.
	 */
	private StoreUnavailableException writeAll(List<Slot> slots) {
		List<Write> writes = new ArrayList<>(slots.size());
		List<Write> yielded = new ArrayList<>();
		for (Slot slot : slots) {
			Instance wanted = this.live.get(slot);
			if (wanted == null) {
				continue; // ended since: the next flush deletes it
			}
			Written have = this.written.get(slot);
			Write write = new Write(slot, wanted, (have != null && have.revision() > 0) ? have.revision() : UNKNOWN);
			((have != null && have.revision() == YIELDED) ? yielded : writes).add(write);
		}
		List<Write> oneByOne = new ArrayList<>();
		StoreUnavailableException failure = reclaimable(yielded, oneByOne);
		List<Attempt<List<Write>>> together = new ArrayList<>();
		for (int from = 0; from < writes.size(); from += KEYS_PER_TXN) {
			List<Write> group = writes.subList(from, Math.min(writes.size(), from + KEYS_PER_TXN));
			together.add(new Attempt<>(group, sendTogether(group)));
		}
		long deadlineNanos = this.deadline.start();
		for (Attempt<List<Write>> attempt : together) {
			try {
				TxnResponse response = this.deadline.await(attempt.call(),
						"writing " + attempt.what().size() + " instances", deadlineNanos);
				if (response.isSucceeded()) {
					attempt.what().forEach((write) -> settle(write.slot(), write.wanted(), response, 1));
				}
				else {
					oneByOne.addAll(attempt.what());
				}
			}
			catch (StoreUnavailableException ex) {
				attempt.what().forEach(this::unanswered);
				failure = firstOf(failure, ex);
			}
		}
		List<Attempt<Write>> alone = new ArrayList<>(oneByOne.size());
		for (Write write : oneByOne) {
			alone.add(new Attempt<>(write, send(write.slot(), write.wanted(), write.expected())));
		}
		for (Attempt<Write> attempt : alone) {
			Write write = attempt.what();
			try {
				TxnResponse response = this.deadline.await(attempt.call(),
						"writing instance " + write.slot().instanceId() + " of " + write.slot().target(), deadlineNanos);
				settle(write.slot(), write.wanted(), response, 1);
			}
			catch (StoreUnavailableException ex) {
				unanswered(write);
				failure = firstOf(failure, ex);
			}
		}
		return failure;
	}

	/**
	 * Reads the keys of yielded slots, all at once, and adds to {@code toWrite} those that a
	 * newer session no longer holds: a read, unlike a transaction with a put whose compare
	 * fails, costs etcd no commit, and a yielded key is tried on every tick while the other
	 * session lasts.
	 * @return the first failure; its slot stays yielded and is looked at again next tick
	 */
	private StoreUnavailableException reclaimable(List<Write> yielded, List<Write> toWrite) {
		Map<Write, CompletableFuture<GetResponse>> lookups = new LinkedHashMap<>();
		for (Write write : yielded) {
			lookups.put(write, lookUp(write.slot()));
		}
		long deadlineNanos = this.deadline.start();
		StoreUnavailableException failure = null;
		for (Map.Entry<Write, CompletableFuture<GetResponse>> lookup : lookups.entrySet()) {
			Write write = lookup.getKey();
			try {
				Optional<KeyValue> holder = this.deadline
					.await(lookup.getValue(), "reading instance " + write.slot().instanceId() + " of "
							+ write.slot().target(), deadlineNanos)
					.getKvs()
					.stream()
					.findFirst();
				if (holder.isEmpty()) {
					toWrite.add(write);
				}
				else if (!heldByNewerSession(holder.get(), write.wanted())) {
					toWrite.add(new Write(write.slot(), write.wanted(), holder.get().getModRevision()));
				}
			}
			catch (StoreUnavailableException ex) {
				failure = firstOf(failure, ex);
			}
		}
		return failure;
	}

	/** Reads a slot's key; the answer is awaited later, so that many are in flight at once. */
	private CompletableFuture<GetResponse> lookUp(Slot slot) {
		return this.kv.get(this.keys.instance(slot.target(), slot.instanceId()));
	}

	/** Whether a key holds another session of the instance that looks newer than {@code wanted}. */
	private boolean heldByNewerSession(KeyValue holder, Instance wanted) {
		Optional<Instance> theirs = read(holder);
		return theirs.isPresent() && !theirs.get().sameSession(wanted)
				&& theirs.get().connectedSince().isAfter(wanted.connectedSince());
	}

	/** An answer lost may have landed: the slot needs a look before its next write. */
	private void unanswered(Write write) {
		this.written.put(write.slot(), new Written(write.wanted(), UNKNOWN));
		this.dirty.add(write.slot());
	}

	private CompletableFuture<TxnResponse> sendTogether(List<Write> writes) {
		Cmp[] unchanged = new Cmp[writes.size()];
		Op[] puts = new Op[writes.size()];
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			ByteSequence key = this.keys.instance(write.slot().target(), write.slot().instanceId());
			unchanged[i] = unchanged(key, write.expected());
			puts[i] = put(key, write.wanted());
		}
		return this.kv.txn().If(unchanged).Then(puts).commit();
	}

	private CompletableFuture<TxnResponse> send(Slot slot, Instance wanted, long expected) {
		ByteSequence key = this.keys.instance(slot.target(), slot.instanceId());
		return this.kv.txn()
			.If(unchanged(key, expected))
			.Then(put(key, wanted))
			.Else(Op.get(key, GetOption.DEFAULT))
			.commit();
	}

	private Op put(ByteSequence key, Instance wanted) {
		return Op.put(key, toBytes(wanted), PutOption.builder().withLeaseId(this.leaseId).build());
	}

	/** The key is absent ({@link #UNKNOWN}) or as this replica last wrote it. */
	private static Cmp unchanged(ByteSequence key, long expected) {
		return (expected == UNKNOWN) ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
				: new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expected));
	}

	/** What a write's answer means; a key another session changed in between is tried again, one at a time. */
	private void settle(Slot slot, Instance wanted, TxnResponse response, int attempt) {
		if (response.isSucceeded()) {
			this.written.put(slot, new Written(wanted, response.getHeader().getRevision()));
			return;
		}
		Optional<KeyValue> holder = response.getGetResponses().get(0).getKvs().stream().findFirst();
		long expected = UNKNOWN;
		if (holder.isPresent()) {
			if (heldByNewerSession(holder.get(), wanted)) {
				if (logger.isDebugEnabled()) {
					logger.debug("Instance " + slot.instanceId() + " of " + slot.target() + " has a newer session on "
							+ read(holder.get()).map(Instance::serverId).orElse("another replica")
							+ "; not writing this one");
				}
				this.written.put(slot, new Written(wanted, YIELDED));
				return;
			}
			expected = holder.get().getModRevision();
		}
		if (attempt >= WRITE_ATTEMPTS) {
			if (logger.isDebugEnabled()) {
				logger.debug("Instance " + slot.instanceId() + " of " + slot.target()
						+ " changed under every write attempt; trying again later");
			}
			this.dirty.add(slot);
			return;
		}
		TxnResponse again = this.deadline.await(send(slot, wanted, expected),
				"writing instance " + slot.instanceId() + " of " + slot.target(), this.deadline.start());
		settle(slot, wanted, again, attempt + 1);
	}

	/**
	 * Deletes the keys of some ended sessions, each only if it still holds what this
	 * replica wrote, up to {@link #KEYS_PER_TXN} in one transaction, all sent before any
	 * answer is awaited; a transaction in which some key changed (a newer session took it)
	 * is undone and its keys deleted one by one. A key whose last write went unanswered is
	 * read first (all of those at once) to learn whether it is still ours.
	 * @return the first failure; its slot and any other that failed are tried again on
	 * the next flush
	 */
	private StoreUnavailableException deleteAll(List<Slot> slots) {
		Map<Slot, CompletableFuture<GetResponse>> lookups = new HashMap<>();
		for (Slot slot : slots) {
			if (this.written.get(slot).revision() == UNKNOWN) {
				lookups.put(slot, lookUp(slot));
			}
		}
		long deadlineNanos = this.deadline.start();
		StoreUnavailableException failure = null;
		List<Delete> deletes = new ArrayList<>(slots.size());
		for (Slot slot : slots) {
			Written have = this.written.get(slot);
			long revision = have.revision();
			if (revision == UNKNOWN) {
				try {
					revision = this.deadline
						.await(lookups.get(slot), "reading instance " + slot.instanceId() + " of " + slot.target(),
								deadlineNanos)
						.getKvs()
						.stream()
						.filter((kv) -> read(kv).filter((held) -> held.sameSession(have.record())).isPresent())
						.mapToLong(KeyValue::getModRevision)
						.findFirst()
						.orElse(YIELDED);
				}
				catch (StoreUnavailableException ex) {
					this.dirty.add(slot);
					failure = firstOf(failure, ex);
					continue;
				}
			}
			if (revision > 0) {
				deletes.add(new Delete(slot, this.keys.instance(slot.target(), slot.instanceId()), revision));
			}
			else {
				this.written.remove(slot);
			}
		}
		List<Attempt<List<Delete>>> together = new ArrayList<>();
		for (int from = 0; from < deletes.size(); from += KEYS_PER_TXN) {
			List<Delete> group = deletes.subList(from, Math.min(deletes.size(), from + KEYS_PER_TXN));
			together.add(new Attempt<>(group, sendDeletes(group)));
		}
		deadlineNanos = this.deadline.start();
		List<Attempt<List<Delete>>> alone = new ArrayList<>();
		for (Attempt<List<Delete>> attempt : together) {
			try {
				TxnResponse response = this.deadline.await(attempt.call(),
						"deleting " + attempt.what().size() + " instances", deadlineNanos);
				if (response.isSucceeded()) {
					attempt.what().forEach((delete) -> this.written.remove(delete.slot()));
				}
				else {
					for (Delete delete : attempt.what()) {
						alone.add(new Attempt<>(List.of(delete), sendDeletes(List.of(delete))));
					}
				}
			}
			catch (StoreUnavailableException ex) {
				attempt.what().forEach((delete) -> this.dirty.add(delete.slot()));
				failure = firstOf(failure, ex);
			}
		}
		for (Attempt<List<Delete>> attempt : alone) {
			Slot slot = attempt.what().get(0).slot();
			try {
				// not deleted: a newer session holds the key now, and it is not this replica's to delete
				this.deadline.await(attempt.call(), "deleting instance " + slot.instanceId() + " of " + slot.target(),
						deadlineNanos);
				this.written.remove(slot);
			}
			catch (StoreUnavailableException ex) {
				this.dirty.add(slot);
				failure = firstOf(failure, ex);
			}
		}
		return failure;
	}

	/** Deletes the keys in one transaction if every one is still at the revision this replica wrote. */
	private CompletableFuture<TxnResponse> sendDeletes(List<Delete> deletes) {
		Cmp[] unchanged = new Cmp[deletes.size()];
		Op[] ops = new Op[deletes.size()];
		for (int i = 0; i < deletes.size(); i++) {
			Delete delete = deletes.get(i);
			unchanged[i] = new Cmp(delete.key(), Cmp.Op.EQUAL, CmpTarget.modRevision(delete.revision()));
			ops[i] = Op.delete(delete.key(), DeleteOption.DEFAULT);
		}
		return this.kv.txn().If(unchanged).Then(ops).commit();
	}

	/** Runs registry work; a failure is logged (once until it works again), never thrown. */
	private void guarded(Runnable work) {
		if (this.closed.get()) {
			return;
		}
		try {
			work.run();
			if (this.failing) {
				this.failing = false;
				logger.info("Instance registry: etcd answers again; " + this.live.size()
						+ " instances of this replica registered");
			}
		}
		catch (StoreUnavailableException ex) {
			if (isLeaseLost(ex)) {
				leaseLost();
				return;
			}
			if (!this.failing) {
				this.failing = true;
				logger.warn("Instance registry: cannot write to etcd (" + ex.getMessage() + "); trying again every "
						+ (this.leaseTtl.toMillis() / 3) + " ms");
			}
			else {
				if (logger.isDebugEnabled()) {
					logger.debug("Instance registry: still cannot write to etcd: " + ex.getMessage());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Instance registry: unexpected failure; trying again on the next tick", ex);
		}
	}

	private void leaseLost() {
		logger.warn("Instance registry: etcd no longer knows lease " + Long.toHexString(this.leaseId)
				+ " (it was out of reach for longer than mcp.server.etcd.lease-ttl " + this.leaseTtl
				+ "); registering the " + this.live.size() + " instances of this replica again");
		this.leaseId = 0;
		this.written.clear();
		flushSoon();
	}

	/** etcd answers NOT_FOUND to a keep-alive or a put only for a lease it does not know. */
	private static boolean isLeaseLost(StoreUnavailableException failure) {
		Throwable cause = failure.getCause();
		if (cause instanceof EtcdException etcd) {
			return etcd.getErrorCode() == ErrorCode.NOT_FOUND;
		}
		return cause != null && Status.fromThrowable(cause).getCode() == Status.Code.NOT_FOUND;
	}

	private static ByteSequence toBytes(Instance instance) {
		try {
			return ByteSequence.from(EtcdJson.MAPPER.writeValueAsBytes(instance));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot write instance " + instance.instanceId() + " as JSON", ex);
		}
	}

	/**
	 * Stops writing and revokes this replica's lease, which deletes all of its keys at
	 * once: other replicas stop listing its instances right away.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.keepAlive.shutdownNow();
		try {
			this.thread.execute(this::revokeLease);
		}
		catch (RejectedExecutionException ex) {
			// already shut down
		}
		this.thread.shutdown();
		try {
			if (!this.thread.awaitTermination(this.deadline.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
				this.thread.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.thread.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void revokeLease() {
		if (this.leaseId == 0) {
			return;
		}
		try {
			this.deadline.await(this.leases.revoke(this.leaseId), "revoking the instances' lease",
					this.deadline.start());
		}
		catch (StoreUnavailableException ex) {
			logger.info("Instance registry: cannot revoke lease " + Long.toHexString(this.leaseId) + " ("
					+ ex.getMessage() + "); this replica's instances leave the list when it expires, within "
					+ this.leaseTtl);
		}
	}

	/** A write sent, and what it writes. */
	private record Attempt<T>(T what, CompletableFuture<TxnResponse> call) {
	}

	/**
	 * The record a flush writes to a slot.
	 * @param expected the key's revision as this replica last wrote it, {@link #UNKNOWN} for
	 * a key that should be absent
	 */
	private record Write(Slot slot, Instance wanted, long expected) {
	}

	/**
	 * A key to delete if it is still at {@code revision}.
	 *
	 * @param slot whose key
	 * @param key the key
	 * @param revision the revision this replica wrote it at
	 */
	private record Delete(Slot slot, ByteSequence key, long revision) {
	}

	/** Where one instance of one target lives in etcd. */
	private record Slot(Target target, String instanceId) {

		static Slot of(Instance instance) {
			return new Slot(instance.target(), instance.instanceId());
		}

	}

	/**
	 * What this replica last wrote to a slot.
	 *
	 * @param record the instance as written
	 * @param revision the key's revision after the write; {@link #UNKNOWN} when the
	 * answer was lost, {@link #YIELDED} when a newer session holds the key
	 */
	private record Written(Instance record, long revision) {
	}

}
