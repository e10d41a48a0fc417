package io.mcpconfig.server.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the caller's token must permit to call an admin API handler: on the target named by
 * the {@code {app}} and {@code {env}} path variables when the path has them. A handler
 * without it is refused to everyone (the check fails closed).
 * <p>
 * A handler without those path variables has no one target. For {@link Permission#ADMINISTER},
 * which no scope limits, the role is all there is to check. A scoped permission
 * ({@code READ}, {@code PUBLISH}, {@code SYNC}) on such a handler spans every team's
 * targets, so the handler must declare {@link #filtersByScope()}: it is then let in on the
 * role alone and answers only what the caller's scope covers. Without it the handler is
 * refused to everyone, so a new cross-target endpoint cannot hand a scoped token other
 * teams' data by forgetting to filter.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresPermission {

	/**
	 * The permission.
	 * @return the permission needed
	 */
	Permission value();

	/**
	 * Whether a handler without {@code {app}} and {@code {env}} answers only what the
	 * caller's scope covers (a list across targets, such as the audit log). Ignored on a
	 * handler with a target.
	 * @return whether the handler filters by the caller's scope
	 */
	boolean filtersByScope() default false;

}
