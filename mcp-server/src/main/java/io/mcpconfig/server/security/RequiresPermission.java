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

}
