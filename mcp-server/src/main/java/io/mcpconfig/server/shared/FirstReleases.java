package io.mcpconfig.server.shared;

import java.util.Optional;
import java.util.OptionalLong;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.VersionConflictException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Gives an application whose instance connects before it has a release of its own its
 * first release: the env's shared layer alone, so every application of the env receives
 * the shared layer, as Spring Cloud Config serves {@code application.yml} to any name.
 * Its versions then start as any target's do, and its own first publish follows on.
 * <p>
 * A connection makes the center write here, so only one whose token names the app
 * itself may: a token for {@code *} or {@code orders-*} could otherwise create a target,
 * which every shared change then writes to, for any name it makes up. (With security
 * off anyone may publish anyway.)
 */
@Component
public class FirstReleases {

	private static final Log logger = LogFactory.getLog(FirstReleases.class);

	private final ReleaseStore store;

	public FirstReleases(ReleaseStore store) {
		this.store = store;
	}

	/**
	 * The first release of a target without one, when its env has a shared layer; empty
	 * otherwise, or when it cannot be published now (the instance then waits for a release
	 * as without a shared layer).
	 * @param caller the token the instance connected with, {@code null} with security off
	 */
	public Optional<Release> of(Target target, ApiToken caller) {
		if (target.isShared() || (caller != null && !caller.scope().namesApp(target.app()))) {
			return Optional.empty();
		}
		Optional<Release> shared = this.store.current(target.shared());
		if (shared.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.store.publish(new PublishRequest(target,
					ReleaseChange.documents(ConfigDocuments.EMPTY, SharedLayer.of(shared.get())), OptionalLong.of(0),
					SharedLayerPropagation.AUTHOR, "first instance connected: the shared layer " + shared.get().target()
							+ " v" + shared.get().version())));
		}
		catch (VersionConflictException ex) {
			return this.store.current(target); // another session or replica published it first
		}
		catch (RuntimeException ex) {
			logger.debug("no first release for " + target + " now", ex);
			return Optional.empty();
		}
	}

}
