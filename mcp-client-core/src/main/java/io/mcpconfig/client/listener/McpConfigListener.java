package io.mcpconfig.client.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Marks a bean method to be called with each {@link ConfigChangeEvent} that changed one
 * of the given keys, or a key at or under one of the given prefixes:
 *
 * <pre class="code">
 * &#64;McpConfigListener(keys = "orders.pool-size", prefixes = "orders.retry")
 * void onOrdersChange(ConfigChangeEvent event) {
 *     ...
 * }
 * </pre>
 *
 * The method takes the event or no argument. It is called on the client's thread when the
 * event is published, with the other {@code ConfigChangeEvent} listeners: after the new
 * configuration is visible in the {@code Environment}, before beans are refreshed. One
 * that throws is logged; the other listeners are still called and the change stays
 * applied.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface McpConfigListener {

	/**
	 * Property names whose change calls the method, matched exactly
	 * ({@code orders.pool-size}).
	 * @return the keys
	 */
	String[] keys() default {};

	/**
	 * Property names at or under which a change calls the method, in relaxed-binding
	 * terms ({@code orders} matches {@code orders.pool-size} and
	 * {@code orders.retry.max-attempts}, not {@code orders-archive.size}). Without keys
	 * and prefixes, every change calls the method.
	 * @return the prefixes
	 */
	String[] prefixes() default {};

}
