package io.mcpconfig.server.web;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The controllers' mappings, where {@code OPTIONS} is a method like any other that no path
 * takes: {@code 405} with {@code Allow} naming the methods the path does take. Spring would
 * answer it itself with {@code 200}, past every handler's permission (the center refused
 * that as an endpoint without one, {@code 403}), as a CORS-less server has no use for it.
 */
class OptionsRefusingHandlerMapping extends RequestMappingHandlerMapping {

	@Override
	protected HandlerMethod handleNoMatch(Set<RequestMappingInfo> infos, String lookupPath, HttpServletRequest request)
			throws ServletException {
		HandlerMethod handler = super.handleNoMatch(infos, lookupPath, request);
		if (handler == null || !HttpMethod.OPTIONS.matches(request.getMethod())) {
			return handler;
		}
		// Spring's handler for OPTIONS: the path is known, the method is not one it takes
		Set<String> allowed = new LinkedHashSet<>();
		for (RequestMappingInfo info : infos) {
			if (info.getActivePatternsCondition().getMatchingCondition(request) != null) {
				info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).forEach(allowed::add);
			}
		}
		if (allowed.contains(RequestMethod.GET.name())) {
			// Spring answers HEAD wherever it answers GET
			allowed.add(RequestMethod.HEAD.name());
		}
		throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
	}

}
