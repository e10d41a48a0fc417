package io.mcpconfig.server.store.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.maintenance.AlarmResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseTooLargeException;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.VersionConflictException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Releases in an etcd cluster that several server replicas share ({@code
 * mcp.server.store=etcd}). Keys are laid out as {@link KeyLayout} says.
 * <p>
 * A publish is one etcd transaction: if the target's current-version key still has the
 * revision that was read (or is still absent for a first release), it writes the new
 * release, moves the current version and deletes releases beyond {@code
 * mcp.server.max-history}; otherwise it writes nothing. A publish that loses this race
 * to another replica reads again and retries, unless it expected a version, in which case
 * it fails with a {@link VersionConflictException}. So two releases never share a version,
 * whichever replicas publish.
 * <p>
 * {@code mcp.server.etcd.timeout} bounds every operation; within it, a member or leader
 * that is away is tried again (see {@link CallDeadline}), then it fails with a
 * {@link StoreUnavailableException}. Each publish attempt writes an id of its own, and
 * when etcd's answer to a commit is lost, later attempts first look whether it landed: a
 * publish is reported once and never written twice. Only when the timeout ends with such
 * an answer still lost may a publish reported as failed turn up later, whole.
 */
public class EtcdReleaseStore implements ReleaseStore {

	private static final Log logger = LogFactory.getLog(EtcdReleaseStore.class);

	/** How long one availability check answers the health endpoint. */
	private static final long AVAILABILITY_TTL_NANOS = Duration.ofSeconds(1).toNanos();

	private static final long ALARMS_TTL_NANOS = Duration.ofSeconds(10).toNanos();

	/** The largest answer etcd may give: a page of the history, or a snapshot of the watched keys. */
	private static final int MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;

	/**
	 * Releases a history read asks for at once, and holds while they are written out: 8 of
	 * the default 4 MB limit stay well below the answer's cap.
	 */
	private static final int HISTORY_PAGE = 8;

	/** Appended to a key, the first key after it. */
	private static final ByteSequence KEY_SUCCESSOR = ByteSequence.from(new byte[] { 0 });

	private final Client client;

	private final EtcdChannelBackoff backoff;

	private final KV kv;

	private final KeyLayout keys;

	private final CallDeadline deadline;

	private final int maxHistory;

	private final ReleaseSizeLimit sizeLimit;

	private final ReleaseWatch watch;

	private final AtomicReference<Probe> lastProbe = new AtomicReference<>();

	private final AtomicReference<CompletableFuture<Availability>> probing = new AtomicReference<>();

	private final AtomicReference<Alarms> alarms = new AtomicReference<>();

	private final AtomicBoolean listingAlarms = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * A store on the etcd cluster at {@code etcd.endpoints()}. It connects on first use, so
	 * it can be created while etcd is still down.
	 * @param etcd endpoints, key prefix and call deadline
	 * @param maxHistory how many releases of each target are retained, 1 or more
	 * @param sizeLimit the most a release may hold
	 */
	public EtcdReleaseStore(McpServerProperties.Etcd etcd, int maxHistory, ReleaseSizeLimit sizeLimit) {
		this(etcd, maxHistory, sizeLimit, MAX_INBOUND_MESSAGE_BYTES);
	}

	/** A store whose client reads answers of at most {@code maxInboundBytes}: tests reach that cap cheaply. */
	EtcdReleaseStore(McpServerProperties.Etcd etcd, int maxHistory, ReleaseSizeLimit sizeLimit, int maxInboundBytes) {
		if (maxHistory < 1) {
			throw new IllegalArgumentException("mcp.server.max-history must be 1 or more, was " + maxHistory);
		}
		if (etcd.timeout() == null || etcd.timeout().isNegative() || etcd.timeout().isZero()) {
			throw new IllegalArgumentException("mcp.server.etcd.timeout must be positive, was " + etcd.timeout());
		}
		this.keys = new KeyLayout(etcd.prefix());
		this.deadline = new CallDeadline(etcd.timeout());
		this.maxHistory = maxHistory;
		this.sizeLimit = sizeLimit;
		this.client = newClient(etcd, this.deadline, maxInboundBytes);
		this.kv = this.client.getKVClient();
		this.backoff = EtcdChannelBackoff.of(this.client);
		this.watch = new ReleaseWatch(this.client, this.keys, this.deadline, this.backoff);
	}

	private static Client newClient(McpServerProperties.Etcd etcd, CallDeadline deadline, int maxInboundBytes) {
		if (etcd.endpoints() == null || etcd.endpoints().isEmpty()) {
			throw new InvalidEtcdEndpointException("mcp.server.etcd.endpoints must name at least one etcd member", null);
		}
		return Client.builder()
			.endpoints(etcd.endpoints().stream().map(EtcdReleaseStore::endpoint).toArray(URI[]::new))
			.connectTimeout(deadline.callTimeout())
			// the store retries within its own deadline; jetcd's retries would outlive it
			.retryMaxAttempts(0)
			.interceptor(new DeadlineInterceptor(deadline.callTimeout()))
			// spreads calls over the members and skips one that is down
			.loadBalancerPolicy("round_robin")
			.maxInboundMessageSize(maxInboundBytes)
			.build();
	}

	private static URI endpoint(String url) {
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new InvalidEtcdEndpointException(
					"mcp.server.etcd.endpoints: '" + url + "' is not an etcd client URL (http://host:port)", ex);
		}
		if ("https".equals(uri.getScheme())) {
			throw new InvalidEtcdEndpointException("mcp.server.etcd.endpoints: '" + url
					+ "' uses TLS, which the etcd store does not support yet: use http://host:port", null);
		}
		if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
			throw new InvalidEtcdEndpointException(
					"mcp.server.etcd.endpoints: '" + url + "' is not an etcd client URL (http://host:port)", null);
		}
		return uri;
	}

	@Override
	public Release publish(PublishRequest request) {
		long startedNanos = System.nanoTime();
		long deadlineNanos = this.deadline.start();
		List<Attempt> unanswered = new ArrayList<>();
		boolean lostRace = false;
		long missingVersion = -1;
		for (int attempt = 1;; attempt++) {
			if (lostRace && System.nanoTime() >= deadlineNanos) {
				throw new StoreUnavailableException("publish to " + request.target() + " lost to other publishers "
						+ (attempt - 1) + " times within " + this.deadline.timeout().toMillis() + " ms", null);
			}
			try {
				VersionPointer current = readCurrent(request.target(), deadlineNanos);
				Optional<Attempt> landed = landedAttempt(unanswered, current.version(), deadlineNanos);
				if (landed.isPresent()) {
					return stored(request, landed.get());
				}
				requireExpected(request, current.version());
				Optional<Release> base = readPublished(request.target(), current.version(), deadlineNanos);
				if (current.version() > 0 && base.isEmpty()) {
					if (current.version() == missingVersion) {
						// read twice under the same pointer: not a race, the release is gone
						throw new StoreUnavailableException("the current release " + current.version() + " of "
								+ request.target() + " is missing from etcd although the target's pointer names it;"
								+ " restore etcd from a backup (docs/operations.md, Backup and restore)", null);
					}
					missingVersion = current.version();
					lostRace = true; // retention dropped it: the pointer moved on meanwhile
					continue;
				}
				ReleaseContent content = request.change().apply(base.orElse(null), current.version() + 1);
				if (content == null) {
					return base.orElseThrow();
				}
				this.sizeLimit.check(request.target(), content, base.orElse(null));
				Release release = Release.of(request.target(), current.version() + 1, content, request.author(),
						request.comment(), Instant.now());
				Attempt next = new Attempt(release, UUID.randomUUID().toString(),
						(request.audit() != null) ? request.audit().entryFor(base.orElse(null), release) : null);
				unanswered.add(next);
				TxnResponse response = commitWithin(next, current, deadlineNanos);
				unanswered.remove(next);
				if (response.isSucceeded()) {
					return stored(request, next);
				}
				lostRace = true; // another replica published first: read again
			}
			catch (StoreUnavailableException ex) {
				boolean etcdAway = CallDeadline.isTransient(ex);
				if (etcdAway && System.nanoTime() < deadlineNanos) {
					if (logger.isDebugEnabled()) {
						logger.debug("publish to " + request.target() + " failed on attempt " + attempt
								+ ", trying again: " + ex.getMessage());
					}
					CallDeadline.pause(attempt, deadlineNanos);
					continue;
				}
				if (!etcdAway) {
					throw ex;
				}
				this.lastProbe.set(new Probe(new Availability(false, ex.getMessage()), System.nanoTime()));
				throw this.deadline.gaveUp(ex, attempt, startedNanos);
			}
		}
	}

	private static Release stored(PublishRequest request, Attempt attempt) {
		if (attempt.auditEntry() != null) {
			request.audit().stored(attempt.auditEntry());
		}
		return attempt.release();
	}

	/**
	 * The unanswered attempt that etcd committed after all. An attempt
	 * whose version is taken by another release can never land and is forgotten; one
	 * ahead of the current version may still land.
	 */
	private Optional<Attempt> landedAttempt(List<Attempt> unanswered, long currentVersion, long deadlineNanos) {
		for (Attempt attempt : List.copyOf(unanswered)) {
			Release release = attempt.release();
			if (release.version() > currentVersion) {
				continue;
			}
			GetResponse stored = this.deadline.await(
					this.kv.get(this.keys.release(release.target(), release.version())),
					"checking whether " + attempt.describe() + " landed", deadlineNanos);
			boolean landed = stored.getKvs()
				.stream()
				.anyMatch((kv) -> attempt.publishId().equals(ReleaseDocument.read(kv, this.keys).publishId()));
			if (landed) {
				return Optional.of(attempt);
			}
			unanswered.remove(attempt);
		}
		return Optional.empty();
	}

	private static void requireExpected(PublishRequest request, long currentVersion) {
		OptionalLong expected = request.expectedVersion();
		if (expected.isPresent() && expected.getAsLong() != currentVersion) {
			throw new VersionConflictException(request.target(), expected.getAsLong(), currentVersion);
		}
	}

	private TxnResponse commitWithin(Attempt attempt, VersionPointer current, long deadlineNanos) {
		ByteSequence document = ReleaseDocument.of(attempt.release(), attempt.publishId()).toBytes();
		try {
			return this.deadline.await(commit(attempt, document, current), "committing " + attempt.describe(),
					deadlineNanos);
		}
		catch (StoreUnavailableException ex) {
			if (CallDeadline.isRequestTooLarge(ex)) {
				String size = (attempt.auditEntry() == null) ? document.size() + " bytes of JSON"
						: (document.size() + EtcdAuditStore.json(attempt.auditEntry()).size())
								+ " bytes of JSON with its audit entry";
				throw new ReleaseTooLargeException("etcd refused " + attempt.describe() + " as too large for one request ("
						+ size + "): raise --max-request-bytes on every etcd member, or lower"
						+ " mcp.server.limits.max-release-size well below it", ex);
			}
			throw ex;
		}
	}

	private CompletableFuture<TxnResponse> commit(Attempt attempt, ByteSequence document, VersionPointer current) {
		Target target = attempt.release().target();
		long version = attempt.release().version();
		ByteSequence currentKey = this.keys.current(target);
		Cmp unchanged = (current.modRevision() == 0) ? new Cmp(currentKey, Cmp.Op.EQUAL, CmpTarget.version(0))
				: new Cmp(currentKey, Cmp.Op.EQUAL, CmpTarget.modRevision(current.modRevision()));
		Op putRelease = Op.put(this.keys.release(target, version), document, PutOption.DEFAULT);
		Op putCurrent = Op.put(currentKey, KeyLayout.bytes(Long.toString(version)), PutOption.DEFAULT);
		List<Op> then = new ArrayList<>(List.of(putRelease, putCurrent));
		long oldestKept = version - this.maxHistory + 1;
		if (oldestKept > 1) {
			then.add(dropReleasesBefore(target, oldestKept));
		}
		if (attempt.auditEntry() != null) {
			then.add(EtcdAuditStore.put(this.keys, attempt.auditEntry()));
		}
		return this.kv.txn().If(unchanged).Then(then.toArray(Op[]::new)).commit();
	}

	private Op dropReleasesBefore(Target target, long version) {
		// range [version 0, version): key order is version order
		return Op.delete(this.keys.release(target, 0),
				DeleteOption.builder().withRange(this.keys.release(target, version)).build());
	}

	/** The release a publish builds on (its overlays and gray carry over), within the publish's deadline. */
	private Optional<Release> readPublished(Target target, long version, long deadlineNanos) {
		if (version < 1) {
			return Optional.empty();
		}
		return this.deadline
			.await(this.kv.get(this.keys.release(target, version)), "reading release " + target + "@" + version,
					deadlineNanos)
			.getKvs()
			.stream()
			.findFirst()
			.map(this::toRelease);
	}

	private VersionPointer readCurrent(Target target, long deadlineNanos) {
		return VersionPointer.of(this.deadline.await(this.kv.get(this.keys.current(target)),
				"reading the current version of " + target, deadlineNanos));
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Two point reads, the version pointer and then its release: a newest-first range would
	 * make etcd read and sort every retained release of the target (it cannot apply a limit
	 * before sorting), on every subscribe and fetch.
	 */
	@Override
	public Optional<Release> current(Target target) {
		for (int attempt = 1;; attempt++) {
			long version = VersionPointer.of(this.deadline.read(() -> this.kv.get(this.keys.current(target)),
					"reading the current version of " + target)).version();
			Optional<Release> release = release(target, version);
			// a missing release was dropped by retention after the pointer moved on: read it again
			if (release.isPresent() || version == 0 || attempt == 3) {
				return release;
			}
		}
	}

	@Override
	public Optional<Release> release(Target target, long version) {
		if (version < 1) {
			return Optional.empty();
		}
		GetResponse response = this.deadline.read(() -> this.kv.get(this.keys.release(target, version)),
				"reading release " + target + "@" + version);
		return response.getKvs().stream().findFirst().map(this::toRelease);
	}

	@Override
	public List<Target> targets() {
		GetOption pointers = GetOption.builder().isPrefix(true).withKeysOnly(true).build();
		GetResponse response = this.deadline.read(() -> this.kv.get(this.keys.currentRoot(), pointers),
				"listing the targets");
		return response.getKvs().stream().map((kv) -> this.keys.targetOfCurrent(kv.getKey())).sorted(Target.ORDER).toList();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * First the keys of the newest {@code limit} releases, without their values (etcd sorts
	 * a whole range before it applies a limit, which is cheap for keys alone), at once; then
	 * their values a page at a time as the stream is consumed, newest page first, each read
	 * as a range between two of those keys, which etcd limits without sorting. A page that
	 * is larger than the client reads in one answer (a raised size limit) is read again in
	 * halves, down to one release.
	 */
	@Override
	public Stream<Release> history(Target target, int limit) {
		if (limit < 1) {
			return Stream.empty(); // etcd reads a limit of 0 as "no limit"
		}
		GetOption newestKeys = GetOption.builder()
			.isPrefix(true)
			.withKeysOnly(true)
			.withSortField(GetOption.SortTarget.KEY)
			.withSortOrder(GetOption.SortOrder.DESCEND)
			.withLimit(limit)
			.build();
		List<ByteSequence> newestFirst = this.deadline
			.read(() -> this.kv.get(this.keys.releases(target), newestKeys), "listing the releases of " + target)
			.getKvs()
			.stream()
			.map(KeyValue::getKey)
			.toList();
		return IntStream.iterate(0, (i) -> i < newestFirst.size(), (i) -> i + HISTORY_PAGE)
			.mapToObj((i) -> newestFirst.subList(i, Math.min(i + HISTORY_PAGE, newestFirst.size())))
			.flatMap((page) -> readPage(target, page).stream());
	}

	/** The releases of a page of keys, newest first, without those retention dropped since they were listed. */
	private List<Release> readPage(Target target, List<ByteSequence> newestFirst) {
		ByteSequence from = newestFirst.get(newestFirst.size() - 1);
		ByteSequence end = newestFirst.get(0).concat(KEY_SUCCESSOR);
		List<Release> oldestFirst = new ArrayList<>(newestFirst.size());
		int page = newestFirst.size();
		while (oldestFirst.size() < newestFirst.size()) {
			ByteSequence pageFrom = from;
			GetOption ascending = GetOption.builder().withRange(end).withLimit(page).build();
			List<KeyValue> read;
			try {
				read = this.deadline
					.read(() -> this.kv.get(pageFrom, ascending), "reading the releases of " + target)
					.getKvs();
			}
			catch (StoreUnavailableException ex) {
				if (page == 1 || !CallDeadline.isResponseTooLarge(ex)) {
					throw ex;
				}
				page /= 2;
				continue;
			}
			if (read.isEmpty()) {
				break; // dropped by retention since the keys were listed
			}
			read.forEach((keyValue) -> oldestFirst.add(toRelease(keyValue)));
			from = read.get(read.size() - 1).getKey().concat(KEY_SUCCESSOR);
		}
		Collections.reverse(oldestFirst);
		return oldestFirst;
	}

	private Release toRelease(KeyValue keyValue) {
		return ReleaseDocument.read(keyValue, this.keys).release();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Listeners are called on one thread, in publish order. After etcd compacted the
	 * history a broken watch needed (or when etcd could not be read at the first
	 * registration), only the newest release of each target is reported, and a listener
	 * may then be told of a release it already knows: listeners must tolerate seeing a
	 * version again. After etcd was restored from a snapshot, every target's current
	 * release is reported {@linkplain ReleaseListener#onRestored as restored}.
	 */
	@Override
	public AutoCloseable watch(ReleaseListener listener) {
		return this.watch.register(listener);
	}

	@Override
	public boolean isAvailable() {
		return availability().available();
	}

	/**
	 * Whether this replica may be missing releases: its last check found etcd away, or its
	 * watch does not run (yet) again after an outage, while etcd already answers reads: a
	 * release published meanwhile is reported only once the watch runs, and until then a
	 * heartbeat must not confirm what the instance holds.
	 */
	@Override
	public boolean mayMissReleases() {
		Probe last = this.lastProbe.get();
		if (last == null || System.nanoTime() - last.atNanos() >= AVAILABILITY_TTL_NANOS) {
			probe();
		}
		return (last != null && !last.availability().available()) || !this.watch.isEstablished();
	}

	/**
	 * Whether etcd answers a linearizable read, which needs a leader and a quorum. An answer
	 * serves for a second, so a busy health endpoint does not load etcd. After that the
	 * next check starts, and until it has its answer callers get the last one, as long as
	 * that is no older than a second plus the check's own deadline: every subscribe and
	 * fetch asks, and none should wait out a check that etcd does not answer. A caller
	 * after a quiet spell (the first, one after an idle night) waits for the check.
	 */
	public Availability availability() {
		Probe last = this.lastProbe.get();
		long age = (last != null) ? System.nanoTime() - last.atNanos() : Long.MAX_VALUE;
		if (age < AVAILABILITY_TTL_NANOS) {
			return last.availability();
		}
		CompletableFuture<Availability> probe = probe();
		if (age < AVAILABILITY_TTL_NANOS + this.deadline.callTimeout().toNanos()) {
			return last.availability();
		}
		try {
			// a copy: a caller that gives up cancels its own wait, not the check
			return this.deadline.await(probe.copy(), "a health check", this.deadline.start());
		}
		catch (StoreUnavailableException ex) {
			return new Availability(false, ex.getMessage());
		}
	}

	/** The check in progress, or a new one: one at a time. */
	private CompletableFuture<Availability> probe() {
		while (true) {
			CompletableFuture<Availability> running = this.probing.get();
			if (running != null) {
				return running;
			}
			CompletableFuture<Availability> started = new CompletableFuture<>();
			if (this.probing.compareAndSet(null, started)) {
				check(1, System.nanoTime() + this.deadline.callTimeout().toNanos(), null, started);
				return started;
			}
		}
	}

	/**
	 * One attempt of a check. A transient failure (a leader election, the member it asked
	 * going away) is tried again within the check's budget, as the data path does: etcd
	 * rides through those, and so must the health a load balancer reads.
	 */
	private void check(int attempt, long budgetEndNanos, StoreUnavailableException before,
			CompletableFuture<Availability> result) {
		// the call has a deadline of its own (DeadlineInterceptor): it always completes
		CompletableFuture<GetResponse> call;
		try {
			call = this.kv.get(this.keys.currentRoot(), GetOption.builder().isPrefix(true).withCountOnly(true).build());
			if (attempt > 1) {
				// a try again gets a whole call deadline of its own: held to what is left of the budget
				call = call.orTimeout(Math.max(1, budgetEndNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		call.whenComplete((response, failure) -> {
			StoreUnavailableException failed = checkFailure(failure, before);
			if (failed != null && CallDeadline.isTransient(failed) && System.nanoTime() < budgetEndNanos) {
				// run on the JDK's one delay thread: starting a call does not block, and the
				// default pool would make a thread for each on a two-core host
				CompletableFuture
					.delayedExecutor(CallDeadline.pauseMillis(attempt, budgetEndNanos), TimeUnit.MILLISECONDS,
							Runnable::run)
					.execute(() -> check(attempt + 1, budgetEndNanos, failed, result));
				return;
			}
			if (failed != null) {
				// etcd may be back before the channel's back-off ends: the next check connects at once
				this.backoff.reset();
			}
			Availability checked = (failed != null) ? new Availability(false, failed.getMessage())
					: new Availability(true, "etcd answers");
			Probe previous = this.lastProbe.getAndSet(new Probe(checked, System.nanoTime()));
			if (checked.available() && previous != null && !previous.availability().available()) {
				// back: a broken watch resumes now, not when its retry delay ends
				this.watch.retryNow();
			}
			this.probing.set(null);
			result.complete(checked);
		});
	}

	/**
	 * Why a try of a check failed, {@code null} when it did not. A try again cut short by the
	 * check's budget says nothing of its own: what etcd said to the try before is the reason.
	 */
	private static StoreUnavailableException checkFailure(Throwable failure, StoreUnavailableException before) {
		if (failure == null) {
			return null;
		}
		StoreUnavailableException failed = CallDeadline.failed("a health check", failure);
		return (before != null && failed.getCause() instanceof TimeoutException) ? before : failed;
	}

	/**
	 * The alarms etcd has raised, as last listed: {@code NOSPACE} when its space quota is
	 * used up, and it refuses every write, {@code CORRUPT} when a member's data differs from
	 * the others'. Never waits: etcd answers a listing through raft (a log entry on every
	 * member), so a listing older than ten seconds starts the next in the background, and
	 * until it is back callers get the last one; {@code null} before the first.
	 */
	public Alarms alarms() {
		Alarms last = this.alarms.get();
		if ((last == null || System.nanoTime() - last.atNanos() >= ALARMS_TTL_NANOS)
				&& this.listingAlarms.compareAndSet(false, true)) {
			listAlarms();
		}
		return last;
	}

	private void listAlarms() {
		CompletableFuture<AlarmResponse> call;
		try {
			// the call has a deadline of its own (DeadlineInterceptor): it always completes
			call = this.client.getMaintenanceClient().listAlarms();
		}
		catch (RuntimeException ex) {
			call = CompletableFuture.failedFuture(ex);
		}
		call.whenComplete((response, failure) -> {
			this.alarms.set((failure != null)
					? Alarms.unknown(CallDeadline.failed("a list of alarms", failure).getMessage(), System.nanoTime())
					: Alarms.listed(response.getAlarms()
						.stream()
						.map((alarm) -> alarm.getAlarmType() + " on member " + Long.toHexString(alarm.getMemberId()))
						.toList(), System.nanoTime()));
			this.listingAlarms.set(false);
		});
	}

	/** The key prefix everything of this store lives under, ending with {@code /}. */
	public String prefix() {
		return this.keys.prefix();
	}

	/** The etcd client, shared with the instance registry of this replica. */
	Client client() {
		return this.client;
	}

	KeyLayout keys() {
		return this.keys;
	}

	CallDeadline deadline() {
		return this.deadline;
	}

	/** Stops the watch and closes the etcd client. */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.watch.close();
			this.client.close();
		}
	}

	/**
	 * Whether the store can reach etcd.
	 *
	 * @param available whether the last check succeeded
	 * @param detail what the check saw, the reason when unavailable
	 */
	public record Availability(boolean available, String detail) {
	}

	private record Probe(Availability availability, long atNanos) {
	}

	/**
	 * What a listing of etcd's alarms found.
	 *
	 * @param raised each alarm as its type and the member's id in hex, as etcdctl shows it
	 * ({@code NOSPACE on member 8e9e05c52164694d}); empty when there is none or the listing
	 * failed
	 * @param failure why the listing failed, {@code null} when it did not
	 * @param atNanos when it was listed
	 */
	public record Alarms(List<String> raised, String failure, long atNanos) {

		public Alarms {
			raised = List.copyOf(raised);
		}

		static Alarms listed(List<String> raised, long atNanos) {
			return new Alarms(raised, null, atNanos);
		}

		static Alarms unknown(String failure, long atNanos) {
			return new Alarms(List.of(), failure, atNanos);
		}

	}

	/**
	 * One try at a publish.
	 *
	 * @param release the release it writes
	 * @param publishId written with the release, to tell whether a try whose answer was lost landed
	 * @param auditEntry the audit entry it writes in the same transaction, {@code null} for none
	 */
	private record Attempt(Release release, String publishId, AuditEntry auditEntry) {

		String describe() {
			return "release " + this.release.target() + "@" + this.release.version();
		}

	}

}
