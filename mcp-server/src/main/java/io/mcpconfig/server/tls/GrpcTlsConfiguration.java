package io.mcpconfig.server.tls;

import io.mcpconfig.server.sync.SessionRegistry;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * TLS on the gRPC port when {@code mcp.server.grpc.ssl.bundle} names an SSL bundle; the
 * admin port takes Spring Boot's own {@code server.ssl.bundle}. A renewal of its trust
 * store that drops a CA ends the sessions, and refuses the next calls, of the client
 * certificates that CA issued.
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

	/** First of the interceptors: a refused certificate is told before anything else is checked. */
	@Bean
	@GrpcGlobalServerInterceptor
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClientCertificateCheck clientCertificateCheck(GrpcServerTls tls) {
		return new ClientCertificateCheck(tls.clientCertificateTrust());
	}

	@Bean
	InitializingBean droppedCasEndTheirSessions(GrpcServerTls tls, SessionRegistry sessions) {
		ClientCertificateTrust trust = tls.clientCertificateTrust();
		return () -> {
			sessions.checkConnectionsWith(trust::refusal);
			trust.onCaDropped(() -> {
				int ended = sessions.closeSessionsRefused();
				if (ended > 0) {
					logger.warn("Ended " + ended + " sync session(s) whose client certificates the renewed trust "
							+ "store of the gRPC port no longer trusts");
				}
			});
		};
	}

}
