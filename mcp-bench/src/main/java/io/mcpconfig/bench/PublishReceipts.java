package io.mcpconfig.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * When the center received the last publish: a servlet filter ahead of every other one
 * (tokens, audit) stamps {@link System#nanoTime()} as a {@code PUT} reaches the admin API,
 * before its body is read. Added to the benchmark's centers only; the center has no such
 * hook of its own.
 */
@Configuration(proxyBeanMethods = false)
class PublishReceipts {

	private final AtomicLong lastReceivedNanos = new AtomicLong();

	/** {@link System#nanoTime()} when the last {@code PUT} arrived; 0 before the first. */
	long lastReceivedNanos() {
		return this.lastReceivedNanos.get();
	}

	@Bean
	FilterRegistrationBean<Filter> publishReceiptFilter() {
		Filter stamp = (ServletRequest request, ServletResponse response, FilterChain chain) -> {
			if (request instanceof HttpServletRequest http && "PUT".equals(http.getMethod())) {
				this.lastReceivedNanos.set(System.nanoTime());
			}
			chain.doFilter(request, response);
		};
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(stamp);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.addUrlPatterns("/api/v1/configs/*");
		return registration;
	}

}
