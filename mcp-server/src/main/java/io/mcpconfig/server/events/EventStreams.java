package io.mcpconfig.server.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.TokenShares;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.store.ReleaseStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of {@code GET /api/v1/events} and what goes out on them: a
 * {@code release} event for each new release ({@link ReleaseStore#watch}), an
 * {@code instances} event when a target's instances change (looked at every
 * {@code instanceCheck} while a stream is open) and a comment every {@code heartbeat}, which
 * keeps proxies from closing an idle stream and finds readers that went away.
 * <p>
 * Everything is sent from one thread of its own, so the store's notification thread never
 * waits for a reader; a reader that stops reading holds it for at most Tomcat's write
 * timeout ({@code server.tomcat.connection-timeout}), and its stream ends then. Streams
 * end with the center (this lifecycle stops before the web server does) and when their
 * token is revoked.
 */
public class EventStreams implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(EventStreams.class);

	/** A stream ends after this; the console opens the next one (and its token is checked again). */
	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

	private final ReleaseStore store;

	private final InstanceRegistry instances;

	private final int maxStreams;

	private final Duration heartbeat;

	private final Duration instanceCheck;

	private final Set<EventStream> open = ConcurrentHashMap.newKeySet();

	/** Counts the streams admitted, ahead of {@link #open}, so that the bound holds under concurrent opens. */
	private final AtomicInteger admitted = new AtomicInteger();

	/** The streams admitted for each token, by its name, so that one token cannot take every slot. */
	private final TokenShares streamsByToken;

	private final InstanceFingerprints fingerprints = new InstanceFingerprints();

	private ScheduledThreadPoolExecutor sender;

	private AutoCloseable releaseWatch;

	/**
	 * @param store where new releases are watched and targets listed
	 * @param instances what instances of each target are looked at
	 * @param maxStreams the most streams open at once; one more is refused
	 * @param maxStreamsPerToken the most streams open at once with one token; one more is
	 * refused (not counted when security is off)
	 * @param heartbeat how often a comment goes out on every stream
	 * @param instanceCheck how often the instances of the targets streams want are looked at
	 */
	public EventStreams(ReleaseStore store, InstanceRegistry instances, int maxStreams, int maxStreamsPerToken,
			Duration heartbeat, Duration instanceCheck) {
		this.store = store;
		this.instances = instances;
		this.maxStreams = maxStreams;
		this.streamsByToken = new TokenShares(maxStreamsPerToken);
		this.heartbeat = heartbeat;
		this.instanceCheck = instanceCheck;
	}

	/**
	 * Opens a stream.
	 * @param token the reader's token, {@code null} when security is off
	 * @param app only this app's events, {@code null} for all
	 * @param env only this env's events, {@code null} for all
	 * @return the emitter to answer the request with
	 * @throws TooManyStreamsException when {@code maxStreams} are open
	 * @throws TooManyStreamsOfTokenException when {@code maxStreamsPerToken} of the token are open
	 */
	public SseEmitter open(ApiToken token, String app, String env) {
		if (this.admitted.incrementAndGet() > this.maxStreams) {
			this.admitted.decrementAndGet();
			throw new TooManyStreamsException(this.maxStreams);
		}
		if (token != null && !this.streamsByToken.take(token.name())) {
			this.admitted.decrementAndGet();
			throw new TooManyStreamsOfTokenException(token.name(), this.streamsByToken.maxPerToken());
		}
		SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
		EventStream stream = new EventStream(emitter, token, app, env);
		emitter.onCompletion(() -> end(stream));
		emitter.onTimeout(emitter::complete);
		emitter.onError((ex) -> end(stream));
		this.open.add(stream);
		// sent now, so that the reader gets the response headers at once and knows it is connected
		send(stream, SseEmitter.event().comment("connected"));
		return emitter;
	}

	/** Forgets a stream that ended, once. */
	private void end(EventStream stream) {
		if (this.open.remove(stream)) {
			this.admitted.decrementAndGet();
			String tokenName = stream.tokenName();
			if (tokenName != null) {
				this.streamsByToken.giveBack(tokenName);
			}
		}
	}

	/** A stream whose reader is gone ends at once, not when the container notices. */
	private void send(EventStream stream, SseEmitter.SseEventBuilder event) {
		if (!stream.send(event)) {
			end(stream);
		}
	}

	/** How many streams are open now. */
	public int size() {
		return this.open.size();
	}

	/** Ends the streams of tokens that were revoked. */
	public void revoked(Set<String> tokenNames) {
		this.open.stream()
			.filter((stream) -> tokenNames.stream().anyMatch(stream::isOf))
			.forEach((stream) -> stream.emitter().complete());
	}

	@Override
	public void start() {
		this.sender = DaemonThreads.singleScheduled("mcp-events-");
		this.releaseWatch = this.store.watch((release) -> this.sender.execute(() -> released(release)));
		this.sender.scheduleWithFixedDelay(this::sendHeartbeat, this.heartbeat.toMillis(), this.heartbeat.toMillis(),
				TimeUnit.MILLISECONDS);
		this.sender.scheduleWithFixedDelay(this::checkInstances, this.instanceCheck.toMillis(),
				this.instanceCheck.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		try {
			this.releaseWatch.close();
		}
		catch (Exception ex) {
			logger.warn("Could not stop watching releases for the event streams", ex);
		}
		this.sender.shutdownNow();
		this.open.forEach((stream) -> stream.emitter().complete());
		this.sender = null;
	}

	@Override
	public boolean isRunning() {
		return this.sender != null;
	}

	/** Before the web server's graceful shutdown (which waits for open requests) and its stop. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

	private void released(Release release) {
		ReleaseEvent data = ReleaseEvent.of(release);
		broadcast(release.target(), () -> SseEmitter.event().name("release").data(data));
	}

	private void sendHeartbeat() {
		this.open.forEach((stream) -> send(stream, SseEmitter.event().comment("heartbeat")));
	}

	private void checkInstances() {
		try {
			Map<Target, List<Instance>> now = new LinkedHashMap<>();
			if (!this.open.isEmpty()) {
				for (Target target : this.store.targets()) {
					if (this.open.stream().anyMatch((stream) -> stream.wants(target))) {
						now.put(target, this.instances.list(target));
					}
				}
			}
			this.fingerprints.changed(now)
				.forEach((target) -> broadcast(target,
						() -> SseEmitter.event().name("instances").data(InstancesEvent.of(target))));
		}
		catch (RuntimeException ex) {
			// the store or the registry is away (etcd down): the next look tries again
			if (logger.isDebugEnabled()) {
				logger.debug("Could not look at the instances for the event streams: " + ex);
			}
		}
	}

	/** An event builder is spent once sent: each stream gets one of its own. */
	private void broadcast(Target target, Supplier<SseEmitter.SseEventBuilder> event) {
		this.open.stream().filter((stream) -> stream.wants(target)).forEach((stream) -> send(stream, event.get()));
	}

}
