package io.mcpconfig.server.tls;

/**
 * The gRPC port cannot serve TLS as configured ({@code mcp.server.grpc.ssl.*}): the start
 * stops with what is wrong and what to do.
 */
public class GrpcTlsException extends IllegalStateException {

	private final String action;

	GrpcTlsException(String description, String action, Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/** What the operator should change. */
	public String action() {
		return this.action;
	}

}
