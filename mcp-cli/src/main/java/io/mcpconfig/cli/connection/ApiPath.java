package io.mcpconfig.cli.connection;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A path of the admin API with its query, every part encoded: names come from the user. */
public final class ApiPath {

	private final String path;

	private final List<String> query;

	private ApiPath(String path, List<String> query) {
		this.path = path;
		this.query = List.copyOf(query);
	}

	/** {@code /api/v1/} followed by the segments, each encoded on its own. */
	public static ApiPath of(String... segments) {
		StringBuilder path = new StringBuilder("/api/v1");
		for (String segment : segments) {
			path.append('/').append(encode(segment));
		}
		return new ApiPath(path.toString(), List.of());
	}

	/** {@code /api/v1/configs/{app}/{env}} followed by the segments. */
	public static ApiPath ofTarget(String app, String env, String... segments) {
		String[] all = new String[segments.length + 3];
		all[0] = "configs";
		all[1] = app;
		all[2] = env;
		System.arraycopy(segments, 0, all, 3, segments.length);
		return of(all);
	}

	/** This path with {@code name=value} added to its query; a {@code null} value adds nothing. */
	public ApiPath with(String name, Object value) {
		if (value == null) {
			return this;
		}
		List<String> more = new ArrayList<>(this.query);
		more.add(encode(name) + "=" + encode(value.toString()));
		return new ApiPath(this.path, more);
	}

	@Override
	public String toString() {
		return this.query.isEmpty() ? this.path : this.path + "?" + String.join("&", this.query);
	}

	private static String encode(String part) {
		// URLEncoder writes form encoding: a space must be %20 in a path, and is fine so in a query
		return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
