package io.mcpconfig.server.web;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the HTTP port does below the controllers: Tomcat's handling of what they never see. */
@Configuration(proxyBeanMethods = false)
public class HttpPortConfiguration {

	@Bean
	public WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodiesCloseTheConnection() {
		return (factory) -> factory.addEngineValves(new UnreadBodyValve());
	}

}
