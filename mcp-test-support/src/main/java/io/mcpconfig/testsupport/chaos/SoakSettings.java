package io.mcpconfig.testsupport.chaos;

import java.time.Duration;
import java.util.List;

import io.mcpconfig.testsupport.protocol.ClientTiming;

/**
 * One chaos soak: how long faults and publishes go on, how big the system is, how often
 * something is killed.
 *
 * @param duration how long publishes and faults go on; the settling and the checks come after
 * @param replicas center processes on the etcd cluster
 * @param etcdMembers members of the etcd cluster; one at most is down at a time
 * @param clients lightweight protocol clients, in this JVM
 * @param publishesPerSecond the publisher's steady rate
 * @param killEvery the mean time between the end of one fault and the next kill (each
 * drawn between half and one and a half of it)
 * @param downFor how long a killed process stays down before it is started again
 * @param settleTimeout how long every client and app may take to reach the last release
 * once faults stopped
 * @param clientTiming the lightweight clients' heartbeats and back-off
 * @param serverJvmOptions the centers' JVM options
 * @param measureHeap whether to read each replica's heap after a full GC at the start, in
 * the middle and at the end (it costs a few seconds of {@code jcmd} each)
 * @param seed of the random choices, printed so a run can be repeated
 */
public record SoakSettings(Duration duration, int replicas, int etcdMembers, int clients, double publishesPerSecond,
		Duration killEvery, Duration downFor, Duration settleTimeout, ClientTiming clientTiming,
		List<String> serverJvmOptions, boolean measureHeap, long seed) {

	public SoakSettings {
		if (replicas < 2) {
			throw new IllegalArgumentException("a replica is killed at times: at least 2, not " + replicas);
		}
		if (etcdMembers < 3) {
			throw new IllegalArgumentException("one member is killed at times and a quorum must stay: at least 3");
		}
		serverJvmOptions = List.copyOf(serverJvmOptions);
	}

}
