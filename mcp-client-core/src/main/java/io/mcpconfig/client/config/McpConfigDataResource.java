package io.mcpconfig.client.config;

import java.util.Objects;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * The configuration of one target on the config center, as imported by
 * {@code spring.config.import: "mcp:"}; or nothing, when the client is disabled.
 */
public class McpConfigDataResource extends ConfigDataResource {

	private final ConfigTarget target;

	private final boolean optional;

	private McpConfigDataResource(ConfigTarget target, boolean optional) {
		super(optional);
		this.target = target;
		this.optional = optional;
	}

	static McpConfigDataResource of(ConfigTarget target, boolean optional) {
		return new McpConfigDataResource(Objects.requireNonNull(target, "target"), optional);
	}

	/**
	 * The import of a disabled client: it loads nothing, yet counts as loaded, so that a
	 * required {@code mcp:} import does not fail the start-up.
	 */
	static McpConfigDataResource disabled(boolean optional) {
		return new McpConfigDataResource(null, optional);
	}

	/**
	 * Whether the client is enabled.
	 * @return {@code false} when {@code mcp.client.enabled=false}
	 */
	public boolean isEnabled() {
		return this.target != null;
	}

	/**
	 * The imported configuration.
	 * @return the target, {@code null} when the client is disabled
	 */
	public ConfigTarget getTarget() {
		return this.target;
	}

	/**
	 * Whether the import was {@code optional:mcp:}: the application starts even when the
	 * configuration cannot be fetched, whatever {@code mcp.client.fail-fast} says.
	 * @return whether the import is optional
	 */
	public boolean isOptionalImport() {
		return this.optional;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof McpConfigDataResource resource && Objects.equals(this.target, resource.target)
				&& this.optional == resource.optional;
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.target) * 31 + Boolean.hashCode(this.optional);
	}

	@Override
	public String toString() {
		return isEnabled() ? McpPropertySource.nameOf(this.target) : "mcp: (disabled)";
	}

}
