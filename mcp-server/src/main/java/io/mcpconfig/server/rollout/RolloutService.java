package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.audit.ReleaseAudit;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.sync.GrayNackListener;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Overlays and gray releases of a target. Each change is a new release that keeps the
 * base and changes the rollout, made by the store inside its compare-and-set, so that
 * concurrent publishes and changes on any replica never lose one another; each is
 * recorded in the audit log with the keys it changes for the instances it concerns.
 */
@Service
public class RolloutService implements GrayNackListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(RolloutService.class);

	private final ReleaseStore store;

	private final AuditTrail audit;

	/** Aborts on a NACK run here, off the session that reported it. */
	private final ExecutorService aborts = Executors.newSingleThreadExecutor(DaemonThreads.named("mcp-gray-abort-"));

	public RolloutService(ReleaseStore store, AuditTrail audit) {
		this.store = store;
		this.audit = audit;
	}

	/**
	 * Sets an overlay, replacing the one of that name.
	 * @param expectedVersion publish only if this version is current
	 */
	public Release setOverlay(Target target, String name, Selector selector, Map<String, String> properties,
			OptionalLong expectedVersion, HttpServletRequest request) {
		Overlay.requireName(name);
		String author = TokenAuthenticationFilter.authorOf(request);
		AtomicReference<Map<String, String>> before = new AtomicReference<>(Map.of());
		return publish(target, (current, version) -> {
			before.set(current.rollout().overlay(name).map(Overlay::properties).orElse(Map.of()));
			return current.rollout()
				.withOverlay(new Overlay(name, selector, properties, version, author, Instant.now()));
		}, expectedVersion, author, "overlay " + name + " set for " + selector.described(),
				this.audit.rolloutChanged(AuditAction.OVERLAY_CHANGE, request, before::get, (release) -> properties));
	}

	/**
	 * @throws NoSuchRolloutException when the target has no overlay of that name
	 */
	public Release deleteOverlay(Target target, String name, OptionalLong expectedVersion,
			HttpServletRequest request) {
		AtomicReference<Map<String, String>> before = new AtomicReference<>(Map.of());
		return publish(target, (current, version) -> {
			Overlay overlay = current.rollout()
				.overlay(name)
				.orElseThrow(() -> new NoSuchRolloutException(target + " has no overlay named '" + name + "'"));
			before.set(overlay.properties());
			return current.rollout().withoutOverlay(name);
		}, expectedVersion, TokenAuthenticationFilter.authorOf(request), "overlay " + name + " deleted",
				this.audit.rolloutChanged(AuditAction.OVERLAY_CHANGE, request, before::get, (release) -> Map.of()));
	}

	/**
	 * Starts a gray release, or changes the rule or patch of the running one (its
	 * instances keep their buckets: raising the percentage only adds instances).
	 * @param onlyIfNoneRuns whether to start one only: checked in the store's
	 * compare-and-set, so a gray another caller starts meanwhile is not replaced
	 * @throws GrayRunningException when one runs and {@code onlyIfNoneRuns}
	 */
	public Release setGray(Target target, GrayRule rule, GrayPatch patch, OptionalLong expectedVersion,
			boolean onlyIfNoneRuns, HttpServletRequest request) {
		String author = TokenAuthenticationFilter.authorOf(request);
		AtomicReference<Map<String, String>> before = new AtomicReference<>(Map.of());
		return publish(target, (current, version) -> {
			Optional<Gray> running = current.rollout().currentGray();
			if (onlyIfNoneRuns && running.isPresent()) {
				throw new GrayRunningException(target, running.get());
			}
			before.set(running.map((gray) -> gray.patch().applyTo(current.properties())).orElse(current.properties()));
			String id = running.map(Gray::id).orElseGet(RolloutService::newGrayId);
			Instant startedAt = running.map(Gray::startedAt).orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.MILLIS));
			return current.rollout()
				.withGray(new Gray(id, rule.percentage(), rule.selector(), rule.instances(), patch, rule.abortOnNack(),
						version, author, startedAt));
		}, expectedVersion, author, "gray set: " + rule.described(), this.audit.rolloutChanged(AuditAction.GRAY_STEP,
				request, before::get, (release) -> patch.applyTo(release.properties())));
	}

	/**
	 * Makes base ⊕ patch the new base and ends the gray: one release, and nothing changes
	 * for the instances that ran the gray.
	 * @throws NoSuchRolloutException when no gray release is running
	 * @throws GrayNotPromotableException when the patch removes a shared key or sets one a
	 * shared profile document sets, which an application's release cannot hold
	 */
	public Release promoteGray(Target target, OptionalLong expectedVersion, HttpServletRequest request) {
		ReleaseChange promote = (current, version) -> {
			Gray gray = requireGray(target, current);
			List<String> lost = gray.patch().lostOver(current.shared());
			if (!lost.isEmpty()) {
				throw new GrayNotPromotableException("the gray release of " + target + " cannot be promoted without"
						+ " changing what its instances get: " + String.join("; ", lost) + ". Change the shared layer "
						+ target.shared() + " first, or abort the gray and publish the change to the shared layer");
			}
			return current.content()
				.withDocuments(gray.patch().applyTo(current.documents()))
				.withRollout(current.rollout().withGray(null));
		};
		return this.store.publish(new PublishRequest(target, promote, expectedVersion,
				TokenAuthenticationFilter.authorOf(request), "gray promoted",
				this.audit.released(AuditAction.GRAY_STEP, request)));
	}

	/**
	 * Ends the gray: its instances go back to the base.
	 * @throws NoSuchRolloutException when no gray release is running
	 */
	public Release abortGray(Target target, OptionalLong expectedVersion, HttpServletRequest request) {
		return abort(target, null, expectedVersion, TokenAuthenticationFilter.authorOf(request), "gray aborted",
				request);
	}

	/** A gray instance refused its configuration: a gray that asked for it aborts. */
	@Override
	public void nacked(Target target, long version, String instanceId, String sender, String reason) {
		this.aborts.execute(() -> abortOnNack(target, version, instanceId, sender, reason));
	}

	private void abortOnNack(Target target, long version, String instanceId, String sender, String reason) {
		try {
			Optional<Release> refusedRelease = this.store.release(target, version);
			Optional<Gray> refused = refusedRelease.flatMap((release) -> release.rollout().currentGray());
			Optional<Gray> running = this.store.current(target).flatMap((release) -> release.rollout().currentGray());
			if (refused.isEmpty() || running.isEmpty() || !running.get().abortOnNack()
					|| !running.get().id().equals(refused.get().id())) {
				return;
			}
			if (!refused.get().patch().equals(running.get().patch())) {
				logger.info("Instance " + instanceId + " of " + target + " refused version " + version
						+ " of the gray release, whose patch has been changed since: it is not aborted");
				return;
			}
			if (!refusesTheGrayItself(target, refusedRelease.get(), refused.get())) {
				logger.info("Instance " + instanceId + " of " + target + " refused version " + version
						+ ", which also changed the base under the gray release: it is not aborted (instances"
						+ " outside the gray get that base too)");
				return;
			}
			String comment = "gray aborted: instance " + instanceId + " refused version " + version + " (" + sender
					+ "): " + reason;
			abort(target, running.get().id(), OptionalLong.empty(), AuditTrail.CENTER, comment, null);
			logger.warn("Aborted the gray release of " + target + ": instance " + instanceId + " (" + sender
					+ ") refused version " + version + " (" + reason + "); abort-on-NACK is set");
		}
		catch (NoSuchRolloutException ex) {
			// aborted or replaced meanwhile: nothing left to do
		}
		catch (RuntimeException ex) {
			logger.error("Could not abort the gray release of " + target + " after instance " + instanceId
					+ " refused version " + version + ": " + ex.toString());
		}
	}

	/**
	 * Whether a refusal of {@code refused} can only be of the gray: it is the release that
	 * set the gray's rule or patch, or holds the same base as that one. A base published
	 * during the gray reaches every instance, so its refusal says nothing of the patch; a
	 * bad base must not abort a good canary (and the abort would keep the bad base anyway).
	 */
	private boolean refusesTheGrayItself(Target target, Release refused, Gray gray) {
		if (refused.version() == gray.version()) {
			return true;
		}
		return this.store.release(target, gray.version())
			.map((set) -> set.checksum().equals(refused.checksum()) && set.profiles().equals(refused.profiles())
					&& Objects.equals(set.shared(), refused.shared()))
			.orElse(false);
	}

	/** @param grayId abort only this gray, {@code null} for whichever runs */
	private Release abort(Target target, String grayId, OptionalLong expectedVersion, String author, String comment,
			HttpServletRequest request) {
		AtomicReference<Map<String, String>> before = new AtomicReference<>(Map.of());
		return publish(target, (current, version) -> {
			Gray gray = requireGray(target, current);
			if (grayId != null && !gray.id().equals(grayId)) {
				throw new NoSuchRolloutException("the gray release " + grayId + " of " + target + " has ended");
			}
			before.set(gray.patch().applyTo(current.properties()));
			return current.rollout().withGray(null);
		}, expectedVersion, author, comment,
				this.audit.rolloutChanged(AuditAction.GRAY_STEP, request, before::get, Release::properties));
	}

	private static Gray requireGray(Target target, Release current) {
		if (current == null) {
			throw new NoSuchRolloutException(target + " has no release, so no gray release either");
		}
		return current.rollout()
			.currentGray()
			.orElseThrow(() -> new NoSuchRolloutException(target + " has no gray release running"));
	}

	private Release publish(Target target, ReleaseChange.RolloutEdit edit, OptionalLong expectedVersion,
			String author, String comment, ReleaseAudit audit) {
		return this.store.publish(
				new PublishRequest(target, ReleaseChange.rollout(edit), expectedVersion, author, comment, audit));
	}

	private static String newGrayId() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	@Override
	public void destroy() {
		this.aborts.shutdownNow();
	}

}
