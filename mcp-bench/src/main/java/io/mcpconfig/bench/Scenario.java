package io.mcpconfig.bench;

/** How many clients subscribe to one target, and how many keys its configuration has. */
record Scenario(String name, int clients, int keys) {
}
