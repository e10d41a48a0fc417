package io.mcpconfig.server.security;

import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.audit.TokenAudit;

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
	 * Stores a new token, and its audit entry: on etcd in the same transaction, on the file
	 * store appended right after.
	 * @param token the token
	 * @param audit how the change is recorded, {@code null} for not at all (the first admin
	 * token, made by the center at its first start)
	 * @throws TokenExistsException if a token of that name exists
	 * @throws StoreUnavailableException if the store cannot be written
	 */
	void create(ApiToken token, TokenAudit audit);

	/**
	 * Removes a token, and stores the audit entry of its revocation as {@link #create} does.
	 * Refused when it is the last admin token the store holds and {@code keepAnAdmin} says
	 * one must stay: decided with the change itself, so that two revocations at once (two
	 * replicas on etcd) cannot each leave the other's admin token as the last and then
	 * revoke both. A refused revocation changes nothing and records nothing.
	 * @param name its name
	 * @param keepAnAdmin whether the last stored admin token must stay, that is whether no
	 * admin token is configured ({@code mcp.server.security.admin-token})
	 * @param audit how the change is recorded
	 * @return the token removed, empty when there was none of that name
	 * @throws LastAdminTokenException if it is the last admin token and one must stay
	 * @throws StoreUnavailableException if the store cannot be written
	 */
	Optional<ApiToken> revoke(String name, boolean keepAnAdmin, TokenAudit audit);

}
