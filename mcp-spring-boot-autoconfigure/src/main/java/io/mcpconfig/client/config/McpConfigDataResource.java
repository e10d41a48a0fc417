package io.mcpconfig.client.config;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * The configuration of one target on the config center, as imported by
 * {@code spring.config.import: "mcp:"}.
 */
public class McpConfigDataResource extends ConfigDataResource {

	private final ConfigTarget target;

	private final boolean optional;

	McpConfigDataResource(ConfigTarget target, boolean optional) {
		super(optional);
		this.target = target;
		this.optional = optional;
	}

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
		return other instanceof McpConfigDataResource resource && this.target.equals(resource.target)
				&& this.optional == resource.optional;
	}

	@Override
	public int hashCode() {
		return this.target.hashCode() * 31 + Boolean.hashCode(this.optional);
	}

	@Override
	public String toString() {
		return McpPropertySource.nameOf(this.target);
	}

}
