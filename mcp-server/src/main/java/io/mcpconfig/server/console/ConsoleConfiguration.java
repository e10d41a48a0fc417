package io.mcpconfig.server.console;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The web console at {@code /}: static files under {@code classpath:/static/}, served by Boot. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

	@Bean
	FilterRegistrationBean<ConsoleHeadersFilter> consoleHeadersFilter() {
		FilterRegistrationBean<ConsoleHeadersFilter> registration = new FilterRegistrationBean<>(
				new ConsoleHeadersFilter());
		// before the token check, so that its refusals of other paths are left alone
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

}
