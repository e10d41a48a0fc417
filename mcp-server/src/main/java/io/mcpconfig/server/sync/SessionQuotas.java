package io.mcpconfig.server.sync;

import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.TokenShares;
import io.mcpconfig.server.security.ApiToken;

import org.springframework.util.unit.DataSize;

/**
 * What the subscribed sessions of this center may hold together: how many one token
 * ({@code mcp.server.sync.max-sessions-per-token}), and how many bytes of instance
 * descriptions all of them ({@code mcp.server.sync.max-total-instance-info-size}) and the
 * sessions of one token ({@code mcp.server.sync.max-instance-info-size-per-token}), so
 * that one token cannot fill what all share. Without
 * them one token could open sessions with the largest descriptions the
 * {@link InstanceInfoLimits} allow until the heap runs out. A subscribe beyond either is
 * refused {@code RESOURCE_EXHAUSTED} with a retry hint: the starter comes back later, by
 * when other sessions may have ended.
 */
final class SessionQuotas {

	private final long maxTotalInstanceInfoBytes;

	/** The admitted sessions of each token, by its name; a token without any is not listed. */
	private final TokenShares sessionsByToken;

	/** The bytes of instance descriptions of each token's admitted sessions. */
	private final TokenShares instanceInfoBytesByToken;

	private final AtomicLong instanceInfoBytes = new AtomicLong();

	SessionQuotas(int maxSessionsPerToken, DataSize maxTotalInstanceInfoSize,
			DataSize maxInstanceInfoSizePerToken) {
		this.sessionsByToken = new TokenShares(maxSessionsPerToken);
		this.instanceInfoBytesByToken = new TokenShares(maxInstanceInfoSizePerToken.toBytes());
		this.maxTotalInstanceInfoBytes = maxTotalInstanceInfoSize.toBytes();
	}

	/**
	 * Admits a subscribing session, counting it until its admission is {@link #release released}.
	 * @param caller its token, {@code null} when security is off (then only the bytes count)
	 * @param instance the description it subscribes with
	 * @throws StatusRuntimeException {@code RESOURCE_EXHAUSTED} with a retry hint, naming the
	 * limit, when it would go beyond one
	 */
	Admission admit(ApiToken caller, InstanceInfo instance) {
		// the protobuf size is memoized, and proportional to what the description holds
		long bytes = instance.getSerializedSize();
		String token = (caller != null) ? caller.name() : null;
		if (token != null && !this.sessionsByToken.take(token)) {
			throw exhausted("token '" + token + "' holds " + this.sessionsByToken.maxPerToken() + " sessions on this center, "
					+ "the most mcp.server.sync.max-sessions-per-token allows");
		}
		if (token != null && !this.instanceInfoBytesByToken.take(token, bytes)) {
			this.sessionsByToken.giveBack(token);
			throw exhausted("the instance descriptions of the sessions of token '" + token + "' on this center would"
					+ " hold more than " + this.instanceInfoBytesByToken.maxPerToken() + " bytes, the most"
					+ " mcp.server.sync.max-instance-info-size-per-token allows");
		}
		Admission admission = new Admission(token, bytes);
		if (this.instanceInfoBytes.addAndGet(bytes) > this.maxTotalInstanceInfoBytes) {
			release(admission);
			throw exhausted("the instance descriptions of the sessions on this center would hold more than "
					+ this.maxTotalInstanceInfoBytes + " bytes, the most mcp.server.sync.max-total-instance-info-size "
					+ "allows");
		}
		return admission;
	}

	/** Gives back what an admitted session held, once it ended. */
	void release(Admission admission) {
		this.instanceInfoBytes.addAndGet(-admission.instanceInfoBytes());
		if (admission.token() != null) {
			this.sessionsByToken.giveBack(admission.token());
			this.instanceInfoBytesByToken.giveBack(admission.token(), admission.instanceInfoBytes());
		}
	}

	private static StatusRuntimeException exhausted(String why) {
		return Status.RESOURCE_EXHAUSTED.withDescription(why + "; try again after the retry hint")
			.asRuntimeException(SyncSession.pushback());
	}

	/**
	 * What one admitted session holds.
	 *
	 * @param token the name of its token, {@code null} when security is off
	 * @param instanceInfoBytes the size of its instance description
	 */
	record Admission(String token, long instanceInfoBytes) {
	}

}
