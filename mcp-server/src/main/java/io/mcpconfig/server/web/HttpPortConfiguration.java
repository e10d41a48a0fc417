package io.mcpconfig.server.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What the HTTP port does below the controllers: Tomcat's handling of what they never see
 * (unread bodies, requests it refuses), paths and query parameters they would misread, and
 * the methods their mappings take ({@link OptionsRefusingHandlerMapping}).
 */
@Configuration(proxyBeanMethods = false)
public class HttpPortConfiguration {

	@Bean
	public WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodiesCloseTheConnection() {
		return (factory) -> factory.addEngineValves(new UnreadBodyValve());
	}

	@Bean
	public FilterRegistrationBean<SemicolonPathFilter> semicolonPathFilter() {
		FilterRegistrationBean<SemicolonPathFilter> registration = new FilterRegistrationBean<>(
				new SemicolonPathFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	public FilterRegistrationBean<ApiResponseHeadersFilter> apiResponseHeadersFilter() {
		FilterRegistrationBean<ApiResponseHeadersFilter> registration = new FilterRegistrationBean<>(
				new ApiResponseHeadersFilter());
		registration.addUrlPatterns("/api/*");
		// before the token check: its refusals are answers of the API too
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	public FilterRegistrationBean<DryRunSpellingFilter> dryRunSpellingFilter() {
		FilterRegistrationBean<DryRunSpellingFilter> registration = new FilterRegistrationBean<>(
				new DryRunSpellingFilter());
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Bean
	public WebMvcConfigurer changeParameterChecks() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// after the permission check (order 0): a caller who may not make the change learns nothing more
				registry.addInterceptor(new ChangeParameterInterceptor()).addPathPatterns("/api/**").order(1);
			}
		};
	}

	@Bean
	public WebMvcRegistrations optionsRefusingMappings() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new OptionsRefusingHandlerMapping();
			}

		};
	}

	@Bean
	public JsonErrorReports jsonErrorReports() {
		return new JsonErrorReports();
	}

	/**
	 * Puts {@link JsonErrorReportValve} where Tomcat's error report goes, on the host. Ordered
	 * last: Spring Boot's own customizer adds a plain {@link ErrorReportValve} there, which
	 * this one takes out again.
	 */
	static final class JsonErrorReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers((context) -> {
				StandardHost host = (StandardHost) context.getParent();
				// the host adds one of this class when it starts if its pipeline holds none
				host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.getPipeline().addValve(new JsonErrorReportValve());
			});
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
