package io.mcpconfig.server.console;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The files of the web console ({@code classpath:/static/}): {@code /}, {@code /index.html}
 * and {@code /console/<name>.js|.css|.svg} (its icon: else the browser asks for
 * {@code /favicon.ico}, refused without a token). They hold no data (the page reads everything through
 * the API with the token its user gives it), so they are served without a token; the
 * pattern is narrow so that nothing else is.
 */
public final class ConsolePages {

	private static final Pattern FILE = Pattern.compile("/|/index\\.html|/console/[a-z0-9-]{1,64}\\.(js|css|svg)");

	private ConsolePages() {
	}

	/**
	 * Whether a request reads one of the console's files.
	 * @param request the request
	 * @return whether it is a GET or HEAD of a console file's path
	 */
	public static boolean isConsoleFile(HttpServletRequest request) {
		String method = request.getMethod();
		if (!"GET".equals(method) && !"HEAD".equals(method)) {
			return false;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return FILE.matcher(path).matches();
	}

}
