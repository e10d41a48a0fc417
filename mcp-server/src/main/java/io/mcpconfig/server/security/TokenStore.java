package io.mcpconfig.server.security;

import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.store.StoreUnavailableException;

/**
 * Where tokens are kept, hashed: beside the releases, so that every replica of a center
 * on one etcd knows the same tokens.
 */
public interface TokenStore {

	/**
	 * Every stored token.
	 * @return the tokens, by name
	 * @throws StoreUnavailableException if the store cannot be read
	 */
	List<ApiToken> tokens();

	/**
	 * Stores a new token.
	 * @param token the token
	 * @throws TokenExistsException if a token of that name exists
	 * @throws StoreUnavailableException if the store cannot be written
	 */
	void create(ApiToken token);

	/**
	 * Removes a token.
	 * @param name its name
	 * @return the token removed, empty when there was none of that name
	 * @throws StoreUnavailableException if the store cannot be written
	 */
	Optional<ApiToken> revoke(String name);

}
