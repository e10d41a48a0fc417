package io.mcpconfig.server.security;

import io.grpc.Status;
import io.mcpconfig.server.release.Target;

/**
 * Who may fetch or sync a target's configuration over gRPC: with security on, a token
 * whose role grants {@link Permission#SYNC} and whose scope covers the target.
 *
 * @param enabled whether security is on ({@code mcp.server.security.enabled})
 */
public record SyncAccess(boolean enabled) {

	/**
	 * The token of the gRPC call being served.
	 * @return the token, {@code null} when security is off
	 */
	public ApiToken caller() {
		return GrpcAuthentication.CALLER.get();
	}

	/**
	 * Checks that a caller may read a target's configuration.
	 * @param caller the call's token, {@code null} when security is off
	 * @param target what it asks for
	 * @throws io.grpc.StatusRuntimeException {@code UNAUTHENTICATED} without a token,
	 * {@code PERMISSION_DENIED} when the token may not
	 */
	public void requireSync(ApiToken caller, Target target) {
		if (!this.enabled) {
			return;
		}
		if (caller == null) {
			throw Status.UNAUTHENTICATED.withDescription("a bearer token is required").asRuntimeException();
		}
		if (!caller.permits(Permission.SYNC, target)) {
			throw Status.PERMISSION_DENIED
				.withDescription("token '" + caller.name() + "' (" + caller.role() + ", apps " + caller.scope().apps()
						+ ", envs " + caller.scope().envs() + ") may not read the configuration of " + target)
				.asRuntimeException();
		}
	}

}
