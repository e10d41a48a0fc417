package io.mcpconfig.server;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * The admin token of the centers these tests start ({@code src/test/resources/application.properties}),
 * and the ways a test client sends a token.
 */
public final class TestTokens {

	/** The secret of {@code mcp.server.security.admin-token} in the tests. */
	public static final String ADMIN = "test-admin-secret-0123456789";

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private TestTokens() {
	}

	/** The {@code Authorization} header value of a secret. */
	public static String bearer(String secret) {
		return "Bearer " + secret;
	}

	/** The {@code Authorization} header value of the admin token. */
	public static String adminBearer() {
		return bearer(ADMIN);
	}

	/** A channel interceptor that sends a secret with every call. */
	public static ClientInterceptor sending(String secret) {
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, bearer(secret));
		return MetadataUtils.newAttachHeadersInterceptor(headers);
	}

	/** A channel interceptor that sends the admin token with every call. */
	public static ClientInterceptor sendingAdmin() {
		return sending(ADMIN);
	}

}
