package io.mcpconfig.server.web;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Refuses a change (any method but GET, HEAD and OPTIONS) whose query names a parameter its
 * handler does not take, before the handler runs: an ignored parameter on a change is a
 * change the caller did not mean ({@code commnet=} publishes without the comment,
 * {@code dryRun} on a rollback rolls back). A handler takes the names of its
 * {@link RequestParam} parameters and of its mapping's {@code params}. {@code dryRun} is
 * read in any letter case, and where a handler takes it, only a value that asks for a dry
 * run is let through. A parameter named twice is refused too ({@code percentage=10&percentage=90}
 * stored 10), unless it is a list. {@code If-None-Match} is refused where the handler
 * does not take it: a change made "only if none exists" that replaces what exists does the
 * opposite of what was asked. A parameter that is not valid percent-encoding ({@code %ZZ})
 * is refused first: Tomcat drops it without a word ({@code selector=region%3De%ZZ} set an
 * overlay for every instance). Reads are harmless and take whatever they are given.
 */
public class ChangeParameterInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method) || isRead(request)) {
			return true;
		}
		Set<String> taken = takenBy(method);
		String endpoint = request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		// Tomcat drops a parameter it cannot decode: the change would be made without it
		Optional<String> malformed = QueryParameters.firstMalformed(request);
		if (malformed.isPresent()) {
			String pair = malformed.get();
			throw InvalidParameterException.query(pair.split("=", 2)[0], "'" + pair + "' is not valid percent-encoding"
					+ " (a % must be followed by two hex digits; send a % itself as %25), so nothing was changed");
		}
		QueryParameters query = QueryParameters.of(request);
		// a dry run where there is none is named before a misspelt parameter: it is the graver mistake
		for (String name : query.names()) {
			if (DryRunParameter.isSpelling(name)) {
				if (!taken.contains(DryRunParameter.NAME)) {
					throw InvalidParameterException.query(name, "dry runs are not supported by " + endpoint
							+ ", so nothing was changed: leave dryRun out to make the change");
				}
				query.values(name).forEach((value) -> DryRunParameter.requireDryRun(name, value));
			}
		}
		if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null && !takesHeader(method, HttpHeaders.IF_NONE_MATCH)) {
			// "only if none exists" where every change replaces what exists would do the opposite of what is asked
			throw InvalidParameterException.header(HttpHeaders.IF_NONE_MATCH, "If-None-Match is not taken by " + endpoint + ", so nothing was changed: leave it out (only"
					+ " PUT .../gray takes it, to start a gray release only if none runs)");
		}
		for (String name : query.names()) {
			if (!taken.contains(name) && !DryRunParameter.isSpelling(name)) {
				throw InvalidParameterException.query(name, "unknown parameter '" + name + "', so nothing was changed: " + endpoint + " takes "
						+ (taken.isEmpty() ? "no parameters" : String.join(", ", taken)));
			}
			if (query.values(name).size() > 1 && !DryRunParameter.isSpelling(name) && !takesAList(method, name)) {
				throw InvalidParameterException.query(name, "parameter '" + name + "' is given " + query.values(name).size()
						+ " times, so nothing was changed: give it once");
			}
		}
		return true;
	}

	private static boolean isRead(HttpServletRequest request) {
		HttpMethod method = HttpMethod.valueOf(request.getMethod());
		return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
	}

	private static Set<String> takenBy(HandlerMethod method) {
		Set<String> names = new LinkedHashSet<>();
		RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
		for (String condition : (mapping != null) ? mapping.params() : new String[0]) {
			// "name", "name=value", "name!=value" name a parameter; "!name" is one it must not have
			if (!condition.startsWith("!")) {
				names.add(condition.split("!?=", 2)[0]);
			}
		}
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param != null) {
				names.add(nameOf(parameter, param));
			}
		}
		return names;
	}

	/** Whether the handler takes {@code name} as a list: a collection, or marked {@link ListParameter}. */
	private static boolean takesAList(HandlerMethod method, String name) {
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
			if (param != null && nameOf(parameter, param).equals(name)) {
				Class<?> type = parameter.getParameterType();
				return parameter.hasParameterAnnotation(ListParameter.class) || type.isArray()
						|| Collection.class.isAssignableFrom(type);
			}
		}
		return false;
	}

	private static boolean takesHeader(HandlerMethod method, String header) {
		for (MethodParameter parameter : method.getMethodParameters()) {
			RequestHeader taken = parameter.getParameterAnnotation(RequestHeader.class);
			if (taken != null && (taken.name().equalsIgnoreCase(header) || taken.value().equalsIgnoreCase(header))) {
				return true;
			}
		}
		return false;
	}

	private static String nameOf(MethodParameter parameter, RequestParam param) {
		return param.name().isEmpty() ? parameter.getParameter().getName() : param.name();
	}

}
