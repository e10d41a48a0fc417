package io.mcpconfig.server.admin;

/**
 * Body of {@code POST .../rollback}.
 *
 * @param toVersion the retained release whose content to publish again
 * @param comment the new release's comment; "rollback to N" when absent
 */
public record RollbackRequest(Long toVersion, String comment) {
}
