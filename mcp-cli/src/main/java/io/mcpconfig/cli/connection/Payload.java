package io.mcpconfig.cli.connection;

/**
 * A request body with its media type.
 *
 * @param bytes what is sent
 * @param contentType its {@code Content-Type}
 */
public record Payload(byte[] bytes, String contentType) {

}
