package io.mcpconfig.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How much of something each token holds (sessions, event streams, bytes of instance
 * descriptions), each at most a bound, so that one token, leaked or looping, cannot take
 * what every other token needs too.
 */
public final class TokenShares {

	private final long maxPerToken;

	/** By token name; a token holding none is not listed. */
	private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();

	public TokenShares(long maxPerToken) {
		this.maxPerToken = maxPerToken;
	}

	/** @return whether the token had room for one more, which it now holds */
	public boolean take(String token) {
		return take(token, 1);
	}

	/** @return whether the token had room for this much more, which it now holds */
	public boolean take(String token, long amount) {
		boolean[] taken = new boolean[1];
		this.held.compute(token, (name, holding) -> {
			long before = (holding != null) ? holding : 0;
			if (before + amount > this.maxPerToken) {
				return holding;
			}
			taken[0] = true;
			return before + amount;
		});
		return taken[0];
	}

	/** Gives back one the token {@linkplain #take took}. */
	public void giveBack(String token) {
		giveBack(token, 1);
	}

	/** Gives back an amount the token {@linkplain #take(String, long) took}. */
	public void giveBack(String token, long amount) {
		this.held.computeIfPresent(token, (name, holding) -> (holding > amount) ? holding - amount : null);
	}

	public long maxPerToken() {
		return this.maxPerToken;
	}

}
