package io.mcpconfig.server.audit;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;

/**
 * Which entries one caller gets: those its token may read, narrowed to an app and an env
 * when it asks for them. A target's entries need {@link Permission#READ} on the target,
 * so a scoped reader sees its own apps and envs only; a token change concerns no target
 * and needs {@link Permission#ADMINISTER}, as managing tokens does.
 *
 * @param app only entries of this app, {@code null} for any
 * @param env only entries of this env, {@code null} for any
 * @param viewer the caller's token, {@code null} when security is off (everything is open)
 */
public record AuditFilter(String app, String env, ApiToken viewer) {

	/**
	 * Whether an entry of a target passes.
	 * @param target the entry's target, {@code null} for a token change
	 * @return whether the caller gets it
	 */
	public boolean admits(Target target) {
		if (target == null) {
			return this.app == null && this.env == null
					&& (this.viewer == null || this.viewer.permits(Permission.ADMINISTER));
		}
		return (this.app == null || this.app.equals(target.app()))
				&& (this.env == null || this.env.equals(target.env()))
				&& (this.viewer == null || this.viewer.permits(Permission.READ, target));
	}

}
