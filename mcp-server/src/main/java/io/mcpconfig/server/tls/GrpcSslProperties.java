package io.mcpconfig.server.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.Ssl.ClientAuth;

/**
 * TLS of the gRPC port, under {@code mcp.server.grpc.ssl}: the same SSL bundles
 * ({@code spring.ssl.bundle.*}) and the same client-auth words as {@code server.ssl.*}
 * on the admin port.
 *
 * @param bundle the SSL bundle whose key store holds the center's certificate and private
 * key; its trust store verifies client certificates when {@code client-auth} asks for
 * them. Unset: the gRPC port is plaintext
 * @param clientAuth whether clients must present a certificate the bundle's trust store
 * accepts: {@code none}, {@code want} (verified when presented) or {@code need}
 */
@ConfigurationProperties("mcp.server.grpc.ssl")
public record GrpcSslProperties(String bundle, @DefaultValue("none") ClientAuth clientAuth) {

	public GrpcSslProperties {
		bundle = (bundle == null || bundle.isBlank()) ? null : bundle.trim();
		if (bundle == null && clientAuth != ClientAuth.NONE) {
			// client certificates without TLS cannot be asked for: refuse rather than run open
			throw new IllegalArgumentException("mcp.server.grpc.ssl.client-auth=" + clientAuth.name().toLowerCase()
					+ " needs TLS on the gRPC port: set mcp.server.grpc.ssl.bundle");
		}
	}

}
