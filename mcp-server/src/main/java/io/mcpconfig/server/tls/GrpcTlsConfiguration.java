package io.mcpconfig.server.tls;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TLS on the gRPC port when {@code mcp.server.grpc.ssl.bundle} names an SSL bundle; the
 * admin port takes Spring Boot's own {@code server.ssl.bundle}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mcp.server.grpc.ssl", name = "bundle")
public class GrpcTlsConfiguration {

	private static final Log logger = LogFactory.getLog(GrpcTlsConfiguration.class);

	@Bean
	public GrpcServerTls grpcServerTls(GrpcSslProperties properties, SslBundles bundles) {
		GrpcServerTls tls = GrpcServerTls.of(properties, bundles);
		logger.info("The gRPC port serves " + tls);
		return tls;
	}

}
