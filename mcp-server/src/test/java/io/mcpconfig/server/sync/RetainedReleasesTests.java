package io.mcpconfig.server.sync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A fan-out to many sessions holding one base reads that release from the store once. */
class RetainedReleasesTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@TempDir
	Path dir;

	private FileReleaseStore files;

	private final AtomicInteger reads = new AtomicInteger();

	private RetainedReleases retained;

	@BeforeEach
	void open() {
		files = new FileReleaseStore(dir, 10, ReleaseSizeLimits.DEFAULT);
		retained = new RetainedReleases(new CountingStore());
	}

	@AfterEach
	void close() {
		files.close();
	}

	@Test
	void aRetainedReleaseIsReadOnceForAllSessions() throws Exception {
		Release first = files.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		files.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		ExecutorService sessions = Executors.newFixedThreadPool(8);
		try {
			List<Future<Optional<Release>>> bases = sessions
				.invokeAll(java.util.Collections.nCopies(32, () -> retained.release(ORDERS_DEV, 1)));
			for (Future<Optional<Release>> base : bases) {
				assertThat(base.get(5, TimeUnit.SECONDS)).contains(first);
			}
		}
		finally {
			sessions.shutdownNow();
		}
		assertThat(reads).hasValue(1);
	}

	@Test
	void aVersionNotRetainedIsAskedForAgain() {
		files.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		assertThat(retained.release(ORDERS_DEV, 7)).isEmpty();
		assertThat(retained.release(ORDERS_DEV, 7)).isEmpty();
		assertThat(reads).hasValue(2);
	}

	/** The file store, counting the reads of single releases. */
	private final class CountingStore extends DelegatingReleaseStore {

		CountingStore() {
			super(files);
		}

		@Override
		public Optional<Release> release(Target target, long version) {
			reads.incrementAndGet();
			return super.release(target, version);
		}

	}

}
