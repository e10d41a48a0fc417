package io.mcpconfig.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the config center, under {@code mcp.server}. Validated when bound: a value
 * out of range stops the start-up with Boot's failure report, which names the property
 * and the rule it breaks. {@code @Positive} on a {@link Duration} or a {@link DataSize} is
 * checked by {@link PositiveDurationValidator} and {@link PositiveDataSizeValidator}.
 *
 * @param store which {@link io.mcpconfig.server.store.ReleaseStore} holds the releases
 * @param maxHistory how many releases of each target are retained; older ones are
 * dropped (deltas and rollbacks reach only retained releases)
 * @param file settings of the embedded file store
 * @param etcd settings of the etcd store
 * @param maxBodySize the largest request body the admin API accepts (a plain number is
 * bytes)
 * @param id this server replica's id, shown to clients in heartbeat answers and in the
 * instance registry; defaults to the host name and the gRPC port
 * @param sync settings of the client sessions
 * @param limits what the admin API accepts
 * @param audit settings of the audit log
 * @param cors which web pages of other origins may call the admin API from a browser
 */
@ConfigurationProperties("mcp.server")
@Validated
public record McpServerProperties(@DefaultValue("file") StoreType store, @DefaultValue("100") @Positive int maxHistory,
		@DefaultValue File file, @DefaultValue @Valid Etcd etcd,
		@DefaultValue("1MB") @Positive DataSize maxBodySize, String id, @DefaultValue @Valid Sync sync,
		@DefaultValue @Valid Limits limits, @DefaultValue @Valid Audit audit, @DefaultValue Cors cors) {

	public enum StoreType {

		/** The embedded file store: one server, durable on local disk. */
		FILE,

		/** An etcd cluster shared by several server replicas. */
		ETCD

	}

	/**
	 * @param dir the directory that holds the releases; created when missing
	 */
	public record File(@DefaultValue("./mcp-data") Path dir) {
	}

	/**
	 * @param endpoints etcd client URLs ({@code http://host:port})
	 * @param prefix the key prefix under which everything of this center lives
	 * @param timeout deadline of each etcd call
	 * @param leaseTtl time to live of the lease under which each replica registers its
	 * connected instances (whole seconds, 1 s or more): how long the instances of a
	 * replica that died or lost etcd stay listed; the lease is kept alive, and heartbeats
	 * are written, every third of it
	 */
	public record Etcd(@DefaultValue("http://127.0.0.1:2379") List<String> endpoints, @DefaultValue("/mcp/") String prefix,
			@DefaultValue("5s") @Positive Duration timeout,
			@DefaultValue("15s") @DurationMin(seconds = 1) Duration leaseTtl) {
	}

	/**
	 * @param ackTimeout how long a pushed update waits for its ACK or NACK before it is
	 * sent again (with the same nonce)
	 * @param instanceExpiry how long an instance may stay silent (no heartbeat, ack or
	 * other message) before its session is closed and it leaves the registry; three
	 * client heartbeat intervals (a client that announces a longer interval gets three of
	 * its own)
	 * @param threads threads that run the work of all sessions (pushes, acks,
	 * heartbeats); each session's work runs in order on one of them at a time. As many
	 * threads again read the store for the sessions and for fetches
	 * @param readQueue store reads of subscribing sessions and of fetches that may wait for
	 * a read thread; past it a subscribe or fetch is answered RESOURCE_EXHAUSTED with a
	 * retry hint (a reconnect storm), while open sessions never need a read to receive a
	 * publish
	 * @param grpcThreads threads gRPC calls the sync service on, for every message of every
	 * stream. 0, the default: Netty's event loops, since every call only queues its
	 * message for its session; a positive count: a pool of its own, for interceptors
	 * that may block
	 * @param maxHeartbeatInterval the longest heartbeat interval a client may announce: a
	 * longer one counts as this rather than being refused, so that a client configured
	 * with one still connects, and an instance that went silent is dropped after three of
	 * these at the latest (the starter beats every 5 s)
	 * @param maxSessionsPerToken the most subscribed sessions one token may hold on this
	 * center; one more is answered RESOURCE_EXHAUSTED with a retry hint. As many as a center
	 * is sized for, so that a fleet sharing one token per app and env is never refused by
	 * default while a leaked or looping token cannot go beyond that; below it, twice the
	 * instances of your largest app and env keeps one token from crowding out the others
	 * @param maxTotalInstanceInfoSize the most the instance descriptions (id, host, client
	 * version, labels, profiles) of all subscribed sessions of this center may hold
	 * together, counted as their protobuf size (about two thirds of what they take on the
	 * heap); one more subscribe is answered RESOURCE_EXHAUSTED with a retry hint. Room for
	 * 20 000 instances of 1.6 kB each, five times a typical description, while the
	 * largest descriptions the limits allow (about 42 kB each) fill it after some 800
	 * @param maxInstanceInfoSizePerToken the most the instance descriptions of the
	 * subscribed sessions of one token may hold together on this center, counted as
	 * {@code max-total-instance-info-size} counts them (and never more than it); one more
	 * subscribe with that token is answered RESOURCE_EXHAUSTED with a retry hint. Unset,
	 * half the total (16 MB by default), so that one token, leaked or looping, leaves the
	 * other half to every other token, while 20 000 instances of one app and env with
	 * descriptions of 800 bytes, two and a half times a typical one, still fit
	 */
	public record Sync(@DefaultValue("10s") @Positive Duration ackTimeout,
			@DefaultValue("15s") @Positive Duration instanceExpiry, @DefaultValue("4") @Positive int threads,
			@DefaultValue("1024") @Positive int readQueue, @DefaultValue("0") @PositiveOrZero int grpcThreads,
			@DefaultValue("1m") @Positive Duration maxHeartbeatInterval,
			@DefaultValue("20000") @Positive int maxSessionsPerToken,
			@DefaultValue("32MB") @Positive DataSize maxTotalInstanceInfoSize,
			@Positive DataSize maxInstanceInfoSizePerToken) {

		/** {@code max-instance-info-size-per-token}, or half the total when it is not set; at most the total. */
		public DataSize instanceInfoSizePerToken() {
			long total = this.maxTotalInstanceInfoSize.toBytes();
			return DataSize.ofBytes((this.maxInstanceInfoSizePerToken != null)
					? Math.min(this.maxInstanceInfoSizePerToken.toBytes(), total) : Math.max(1, total / 2));
		}

	}

	/**
	 * What a publish may carry, in characters (UTF-16 units, as Java counts a string's
	 * length): counts, not sizes in bytes, so plain numbers rather than {@code DataSize};
	 * only a whole release is measured in bytes, as stores and etcd count it. Whatever
	 * passes is stored, read back after a restart (the stores read without limits of their
	 * own) and pushed; a publish beyond them is refused with a 400 that names the limit.
	 * Rollbacks republish a stored release as it is: only their comment and the size of the
	 * whole release are checked.
	 *
	 * @param maxKeys the most properties one configuration may have
	 * @param maxKeyLength the longest property key. 1024 is SnakeYAML's limit on a plain
	 * YAML key, so no longer name can be written in an application's own
	 * {@code application.yml}; keys are names, not data
	 * @param maxValueLength the longest property value: room for a certificate bundle or
	 * an embedded document; larger data belongs in a file
	 * @param maxTotalLength the most characters of all keys and values of one
	 * configuration together. YAML aliases repeat a value under many keys, so a small
	 * body can flatten into a huge configuration; this bounds one configuration,
	 * {@code maxReleaseSize} the release it goes into
	 * @param maxReleaseSize the most one release may hold, in UTF-8 bytes of its keys and
	 * values: the application's own configuration, the shared layer below it, its overlays
	 * and a gray release together, each of which the limits above bound on its own. A
	 * publish, an overlay or gray change, or a shared-layer publish that would make any
	 * application's release larger is refused. etcd stores a release as JSON in one
	 * request: keep its {@code --max-request-bytes} well above this
	 * @param maxCommentLength the longest comment of a publish or a rollback
	 * @param maxConcurrentUploads how many changes (publishes, rollbacks, dry runs, imports,
	 * overlay and gray changes, token creations) are handled at once,
	 * from reading their bodies to storing them; one more is answered 503 with
	 * Retry-After at once. A client that stalls half-way through a body holds a request
	 * thread while it is read, so this keeps most of Tomcat's threads
	 * ({@code server.tomcat.threads.max}, 200) for reads and health checks; keep it well
	 * below that
	 * @param uploadTimeout how long a request body may take to arrive, from when the
	 * center starts reading it; a slower one is answered 408 and never applied. A client
	 * that sends nothing at all is cut after {@code server.tomcat.connection-timeout}
	 * @param maxConcurrentReleaseReads how many reads of stored releases (a history, one
	 * release, a diff) are answered at once, half of them at most with one token; one more
	 * is answered 503 (429 beyond the token's half) with Retry-After at once. A history is
	 * written out as it is read, so each read holds about one release on the file store,
	 * up to a page of 8 on etcd; this bounds the heap all of them take together, at most
	 * this many times {@code max-release-size} (times 8 on etcd) and the objects it
	 * parses into
	 * @param historyAnswerTimeout how long, in all, the writes of one history answer may wait
	 * for the client to take it (the time the store takes is not counted); a client that
	 * reads slower has its connection closed before the answer's end (it sees the answer
	 * cut, never a shorter whole one), so that slow readers cannot hold the read places.
	 * One write waits at most {@code server.tomcat.connection-timeout} for a client that
	 * reads nothing at all. Ask for less ({@code limit}, {@code summary=true}) over a slow
	 * link
	 */
	public record Limits(@DefaultValue("10000") @Positive int maxKeys,
			@DefaultValue("1024") @Positive int maxKeyLength, @DefaultValue("262144") @Positive int maxValueLength,
			@DefaultValue("1048576") @Positive int maxTotalLength, @DefaultValue("4MB") @Positive DataSize maxReleaseSize,
			@DefaultValue("1024") @Positive int maxCommentLength,
			@DefaultValue("16") @Positive int maxConcurrentUploads,
			@DefaultValue("10s") @Positive Duration uploadTimeout,
			@DefaultValue("8") @Positive int maxConcurrentReleaseReads,
			@DefaultValue("60s") @Positive Duration historyAnswerTimeout) {
	}

	/**
	 * The audit log: who published, rolled back or changed tokens, when, from where, and
	 * which keys changed.
	 *
	 * @param maxEntries how many entries are kept, the newest; older ones are dropped
	 * @param trustedProxies addresses ({@code 10.0.0.5}) or networks ({@code 10.0.0.0/8})
	 * of the reverse proxies in front of the admin port: only for a request from one of
	 * them is the first hop of its {@code X-Forwarded-For} recorded beside the peer's
	 * address. IP addresses only, host names are not resolved
	 */
	public record Audit(@DefaultValue("10000") @Positive int maxEntries, @DefaultValue List<String> trustedProxies) {

		public Audit {
			trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		}

	}

	/**
	 * Cross-origin calls to the admin API ({@code /api/**}) from web pages served elsewhere
	 * (an internal portal): none by default, as the console is served by the center itself.
	 *
	 * @param allowedOrigins the origins whose pages may call it, each a scheme, host and
	 * port such as {@code https://portal.example.com}, or a pattern such as
	 * {@code https://*.example.com}; they send their token as every caller does, in the
	 * Authorization header (no cookies are involved)
	 */
	public record Cors(@DefaultValue List<String> allowedOrigins) {

		public Cors {
			allowedOrigins = (allowedOrigins != null) ? List.copyOf(allowedOrigins) : List.of();
		}

	}

}
