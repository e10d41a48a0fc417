package io.mcpconfig.server.security;

import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.sync.SessionRegistry;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Security of the center, on by default: bearer tokens on both ports
 * ({@code mcp.server.security.*}). Off only with {@code mcp.server.security.enabled=false},
 * and then loudly.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	private static final String PREFIX = "mcp.server.security";

	@Bean
	public SyncAccess syncAccess(ServerSecurityProperties properties) {
		return new SyncAccess(properties.enabled());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = PREFIX, name = "enabled", matchIfMissing = true)
	static class TokenSecurity {

		@Bean(destroyMethod = "close")
		Tokens tokens(TokenStore store, ServerSecurityProperties properties, McpServerProperties server,
				AuditTrail audit) {
			if (properties.adminToken() == null) {
				Path file = (properties.adminTokenFile() != null) ? properties.adminTokenFile()
						: server.file().dir().resolve("admin-token");
				FirstAdminToken.ensure(store, file, Clock.systemUTC(), audit.tokenCreated(null));
			}
			return new Tokens(store, properties.adminToken(), properties.refreshInterval(), Clock.systemUTC());
		}

		@Bean
		FilterRegistrationBean<TokenAuthenticationFilter> tokenAuthenticationFilter(Tokens tokens, ObjectMapper json) {
			FilterRegistrationBean<TokenAuthenticationFilter> registration = new FilterRegistrationBean<>(
					new TokenAuthenticationFilter(tokens, json));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
			return registration;
		}

		@Bean
		WebMvcConfigurer permissionChecks() {
			return new WebMvcConfigurer() {
				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new PermissionInterceptor()).addPathPatterns("/api/**");
				}
			};
		}

		@Bean
		@GrpcGlobalServerInterceptor
		GrpcAuthentication grpcAuthentication(Tokens tokens) {
			return new GrpcAuthentication(tokens);
		}

		@Bean
		InitializingBean revokedTokensEndTheirSessions(Tokens tokens, SessionRegistry sessions) {
			return () -> tokens.onRevoked(sessions::closeSessionsOf);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = PREFIX, name = "enabled", havingValue = "false")
	static class NoSecurity {

		private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

		@Bean
		InitializingBean securityOffWarning() {
			return () -> logger.warn("SECURITY IS OFF (mcp.server.security.enabled=false): anyone who reaches the "
					+ "admin port can publish and roll back any configuration, and anyone who reaches the gRPC port "
					+ "can read every application's configuration, secrets included. Use it on a private laptop only.");
		}

	}

}
