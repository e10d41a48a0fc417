package io.mcpconfig.server.security;

import java.util.Map;

import io.mcpconfig.server.release.Target;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Authorizes each admin API call by the {@link RequiresPermission} of its handler, on the
 * target of the {@code {app}} and {@code {env}} path variables. A handler that declares
 * nothing is refused: a new endpoint is closed until it says what it needs. So is a
 * handler without a target that needs a scoped permission and does not declare that it
 * filters by the caller's scope ({@link RequiresPermission#filtersByScope()}).
 */
public class PermissionInterceptor implements HandlerInterceptor {

	private static final Log logger = LogFactory.getLog(PermissionInterceptor.class);

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		ApiToken token = TokenAuthenticationFilter.tokenOf(request)
			.orElseThrow(() -> new IllegalStateException("no token on an authenticated request"));
		RequiresPermission required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
				RequiresPermission.class);
		if (required == null) {
			required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresPermission.class);
		}
		if (required == null) {
			logger.error(method + " declares no @RequiresPermission: refused to everyone");
			throw new AccessDeniedException("this endpoint is closed");
		}
		Target target = target(request);
		if (target == null && required.value() != Permission.ADMINISTER && !required.filtersByScope()) {
			logger.error(method + " needs " + required.value()
					+ " on no one target and does not filter by scope: refused to everyone");
			throw new AccessDeniedException("this endpoint is closed");
		}
		boolean permitted = (target != null) ? token.permits(required.value(), target)
				: token.permits(required.value());
		if (!permitted) {
			throw new AccessDeniedException("token '" + token.name() + "' (" + token.role() + ") may not "
					+ required.value().name().toLowerCase() + ((target != null) ? " " + target : ""));
		}
		return true;
	}

	@SuppressWarnings("unchecked")
	private static Target target(HttpServletRequest request) {
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables == null || !variables.containsKey("app") || !variables.containsKey("env")) {
			return null;
		}
		return new Target(variables.get("app"), variables.get("env"));
	}

}
