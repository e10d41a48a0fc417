package io.mcpconfig.client.config;

/**
 * What the first resolve of an {@code mcp:} import decided in a bootstrap context, or
 * {@link LegacyBootstrapImport} before it in Spring Cloud's legacy bootstrap application.
 * Spring Cloud's refresh runs the config data again over the same (promoted) bootstrap
 * context and a copy of the environment that keeps only the command line, system
 * properties, environment variables and default properties: a test's properties, which
 * may switch the client off or supply the import, are gone from it. So later resolves
 * serve this decision instead of deciding again.
 *
 * @param enabled whether the client was created (or {@code mcp.client.enabled} was false,
 * or this is Spring Cloud's bootstrap application)
 */
public record ImportDecision(boolean enabled) {

}
