package io.mcpconfig.bench.app;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.context.scope.refresh.RefreshScopeRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * What a request sees right after a refresh: when the refresh scope was refreshed, a
 * request thread of its own (started beforehand, as a server's are) asks the
 * {@link Greeter} for the greeting, as {@code GET /greeting} would, and records what it
 * got and when. Its first call after a refresh creates the new {@code Greeter}, as the
 * first request after a refresh does; the sync thread meanwhile goes on with the snapshot
 * and the ACK.
 */
@Component
public class ServedGreetings implements DisposableBean {

	/** A greeting served at {@code nanos} ({@link System#nanoTime()}). */
	public record Served(String greeting, long nanos) {
	}

	private final Greeter greeter;

	private final ThreadPoolExecutor requests;

	private final BlockingQueue<Served> served = new LinkedBlockingQueue<>();

	public ServedGreetings(Greeter greeter) {
		this.greeter = greeter;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("bench-request-");
		threads.setDaemon(true);
		this.requests = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
		this.requests.prestartAllCoreThreads();
	}

	@EventListener
	public void onRefreshed(RefreshScopeRefreshedEvent event) {
		this.requests.execute(() -> {
			String greeting = this.greeter.greeting();
			this.served.add(new Served(greeting, System.nanoTime()));
		});
	}

	/**
	 * Waits until a greeting is served, dropping others.
	 * @param greeting the greeting expected
	 * @param timeout how long to wait
	 * @return when it was served
	 * @throws IllegalStateException if it was not served in time
	 */
	public Served await(String greeting, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Served next = this.served.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next == null) {
				throw new IllegalStateException("'" + greeting + "' was not served within " + timeout);
			}
			if (next.greeting().equals(greeting)) {
				return next;
			}
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.requests.shutdownNow();
		this.requests.awaitTermination(5, TimeUnit.SECONDS);
	}

}
