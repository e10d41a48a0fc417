package io.mcpconfig.server.store;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;

/** A real store passed through, for a test to override the one call it watches or breaks. */
public class DelegatingReleaseStore implements ReleaseStore {

	private final ReleaseStore delegate;

	public DelegatingReleaseStore(ReleaseStore delegate) {
		this.delegate = delegate;
	}

	@Override
	public Release publish(PublishRequest request) {
		return this.delegate.publish(request);
	}

	@Override
	public Optional<Release> current(Target target) {
		return this.delegate.current(target);
	}

	@Override
	public Optional<Release> release(Target target, long version) {
		return this.delegate.release(target, version);
	}

	@Override
	public List<Target> targets() {
		return this.delegate.targets();
	}

	@Override
	public Stream<Release> history(Target target, int limit) {
		return this.delegate.history(target, limit);
	}

	@Override
	public AutoCloseable watch(ReleaseListener listener) {
		return this.delegate.watch(listener);
	}

	@Override
	public boolean isAvailable() {
		return this.delegate.isAvailable();
	}

}
