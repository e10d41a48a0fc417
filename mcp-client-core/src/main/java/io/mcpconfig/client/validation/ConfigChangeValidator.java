package io.mcpconfig.client.validation;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Vetoes a new configuration before it is applied. Every bean of this type is called, in
 * {@code @Order}, with the change the new configuration would make, before anything is
 * swapped; throwing refuses it:
 *
 * <pre class="code">
 * &#64;Bean
 * ConfigChangeValidator poolSizeLimit() {
 *     return (proposed) -&gt; {
 *         PropertyChange size = proposed.getChanges().get("sample.max-connections");
 *         if (size != null &amp;&amp; size.newValue() != null &amp;&amp; Integer.parseInt(size.newValue()) &gt; 500) {
 *             throw new ConfigRejectedException("sample.max-connections above 500 needs a bigger database");
 *         }
 *     };
 * }
 * </pre>
 *
 * A refused release stays unapplied: the {@code Environment}, the beans and the held
 * version are unchanged, no {@link ConfigChangeEvent} is published, and the config center
 * is told ({@code NACK} with {@code APPLY_FAILED} and the exception's message as reason).
 * Validators run on the client's thread after the client checked that every
 * {@code @ConfigurationProperties} bean under a changed key still binds.
 */
@FunctionalInterface
public interface ConfigChangeValidator {

	/**
	 * Checks a change before it is applied.
	 * @param proposed the change, not yet visible in the {@code Environment}: what
	 * {@link ConfigChangeEvent} listeners would receive if it is applied
	 * @throws RuntimeException to refuse the change; its message becomes the reason
	 */
	void validate(ConfigChangeEvent proposed);

}
