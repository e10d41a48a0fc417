package io.mcpconfig.server.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A gray release: a patch over the base for some instances of a target. An instance is
 * in when its id is listed, or when its labels match the selector and its bucket is
 * below the percentage. The bucket is a hash of the instance id with the gray's id into
 * 0-99: stable across reconnects, replicas and restarts, so an instance stays on its
 * side, and raising the percentage only adds instances. Another gray (a new id) draws
 * other instances first.
 *
 * @param id drawn when the gray starts, kept while its rule changes
 * @param percentage 0 to 100 of the instances matching the selector
 * @param selector the population the percentage is taken of
 * @param instances instance ids that are always in
 * @param patch what the gray instances get over the base
 * @param abortOnNack whether the first NACK of a gray instance aborts the gray
 * @param version the release version at which the rule or patch was last set
 * @param author who last set it
 * @param startedAt when the gray started
 */
public record Gray(String id, int percentage, Selector selector, SortedSet<String> instances, GrayPatch patch,
		boolean abortOnNack, long version, String author, Instant startedAt) {

	public Gray {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(selector, "selector");
		Objects.requireNonNull(patch, "patch");
		requirePercentage(percentage);
		instances = Collections.unmodifiableSortedSet(new TreeSet<>(instances));
	}

	/**
	 * @throws InvalidRolloutException when it is not 0 to 100
	 */
	public static void requirePercentage(int percentage) {
		if (percentage < 0 || percentage > 100) {
			throw new InvalidRolloutException("percentage must be 0 to 100, was " + percentage);
		}
	}

	/** Who gets it. */
	public GrayRule rule() {
		return new GrayRule(percentage, selector, instances, abortOnNack);
	}

	/** Whether the instance gets the patch. */
	public boolean includes(String instanceId, Map<String, String> labels) {
		return instances.contains(instanceId)
				|| (percentage > 0 && selector.matches(labels) && bucket(id, instanceId) < percentage);
	}

	/** The instance's place in 0-99 for the gray {@code grayId}: the first four bytes of SHA-256. */
	static int bucket(String grayId, String instanceId) {
		byte[] digest = sha256().digest((grayId + "\n" + instanceId).getBytes(StandardCharsets.UTF_8));
		int value = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
				| (digest[3] & 0xff);
		return Integer.remainderUnsigned(value, 100);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
