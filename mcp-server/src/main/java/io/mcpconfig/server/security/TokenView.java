package io.mcpconfig.server.security;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A token as the admin API shows it: never its secret, except in the answer that creates
 * it.
 *
 * @param name its name
 * @param role its role, in lower case
 * @param apps the apps it is limited to
 * @param envs the envs it is limited to
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param token the secret, only when just created
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenView(String name, String role, List<String> apps, List<String> envs, Instant createdAt, String createdBy,
		String token) {

	static TokenView of(ApiToken token) {
		return new TokenView(token.name(), token.role().name().toLowerCase(Locale.ROOT), token.scope().apps(),
				token.scope().envs(), token.createdAt(), token.createdBy(), null);
	}

	static TokenView created(Tokens.CreatedToken created) {
		TokenView view = of(created.token());
		return new TokenView(view.name(), view.role(), view.apps(), view.envs(), view.createdAt(), view.createdBy(),
				created.secret());
	}

}
