package io.mcpconfig.server.security;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Token management: create (the secret is answered once), list (never a secret), revoke.
 * Admins only. Creating and revoking are recorded in the audit log.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@RequiresPermission(Permission.ADMINISTER)
@ConditionalOnProperty(prefix = "mcp.server.security", name = "enabled", matchIfMissing = true)
public class TokenController {

	private final Tokens tokens;

	private final AuditTrail audit;

	public TokenController(Tokens tokens, AuditTrail audit) {
		this.tokens = tokens;
		this.audit = audit;
	}

	@PostMapping
	public ResponseEntity<TokenView> create(@RequestBody JsonNode body, HttpServletRequest request) {
		TokenRequest wanted = TokenRequest.of(body);
		String creator = TokenAuthenticationFilter.tokenOf(request).map(ApiToken::name).orElseThrow();
		Tokens.CreatedToken created = this.tokens.create(wanted.name(), wanted.role(), wanted.scope(), creator,
				this.audit.tokenCreated(request));
		return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().name()))
			.body(TokenView.created(created));
	}

	@GetMapping
	public List<TokenView> list() {
		return this.tokens.list().stream().map(TokenView::of).toList();
	}

	@DeleteMapping("/{name}")
	public ResponseEntity<Void> revoke(@PathVariable String name, HttpServletRequest request) {
		Optional<ApiToken> revoked = this.tokens.revoke(name, this.audit.tokenRevoked(request));
		return revoked.isPresent() ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler(TokenExistsException.class)
	ResponseEntity<Map<String, String>> exists(TokenExistsException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage()));
	}

}
