package io.mcpconfig.compat.orders.repository;

/**
 * One stored order.
 *
 * @param id the id the database gave it
 * @param item what was ordered
 * @param quantity how many
 */
public record Order(long id, String item, int quantity) {
}
