package io.mcpconfig.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of something each token holds (sessions, event streams), each at most a bound,
 * so that one token, leaked or looping, cannot take what every other token needs too.
 */
public final class TokenShares {

	private final int maxPerToken;

	/** By token name; a token holding none is not listed. */
	private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

	public TokenShares(int maxPerToken) {
		this.maxPerToken = maxPerToken;
	}

	/** @return whether the token had room for one more, which it now holds */
	public boolean take(String token) {
		boolean[] taken = new boolean[1];
		this.held.compute(token, (name, count) -> {
			int holding = (count != null) ? count : 0;
			if (holding >= this.maxPerToken) {
				return count;
			}
			taken[0] = true;
			return holding + 1;
		});
		return taken[0];
	}

	/** Gives back one the token {@linkplain #take took}. */
	public void giveBack(String token) {
		this.held.computeIfPresent(token, (name, count) -> (count > 1) ? count - 1 : null);
	}

	public int maxPerToken() {
		return this.maxPerToken;
	}

}
