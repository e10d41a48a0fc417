package io.mcpconfig.server.security;

import java.util.List;

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
	 * @return whether it existed
	 * @throws StoreUnavailableException if the store cannot be written
	 */
	boolean revoke(String name);

}
