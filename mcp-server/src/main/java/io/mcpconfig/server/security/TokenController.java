package io.mcpconfig.server.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.admin.RequestBodyReader;
import io.mcpconfig.server.admin.UploadGate;
import io.mcpconfig.server.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Token management: create (the secret is answered once), list (never a secret), revoke.
 * Admins only. Creating and revoking are recorded in the audit log. A token's request is
 * read as every body of the API is, by {@link RequestBodyReader}, within its size and time
 * limits, and in one of the {@link UploadGate}'s places.
 */
@RestController
@RequestMapping("/api/v1/tokens")
@RequiresPermission(Permission.ADMINISTER)
@ConditionalOnProperty(prefix = "mcp.server.security", name = "enabled", matchIfMissing = true)
public class TokenController {

	private final Tokens tokens;

	private final AuditTrail audit;

	private final RequestBodyReader bodies;

	private final ObjectMapper json;

	private final UploadGate gate;

	public TokenController(Tokens tokens, AuditTrail audit, RequestBodyReader bodies, ObjectMapper json,
			UploadGate gate) {
		this.tokens = tokens;
		this.audit = audit;
		this.bodies = bodies;
		this.json = json;
		this.gate = gate;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<TokenView> create(HttpServletRequest request) throws IOException {
		Tokens.CreatedToken created = this.gate.admit(() -> {
			TokenRequest wanted = TokenRequest.read(this.bodies.read(request), this.json);
			String creator = TokenAuthenticationFilter.tokenOf(request).map(ApiToken::name).orElseThrow();
			return this.tokens.create(wanted.name(), wanted.role(), wanted.scope(), creator,
					this.audit.tokenCreated(request));
		});
		return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.token().name()))
			.body(TokenView.created(created));
	}

	@GetMapping
	public List<TokenView> list() {
		return this.tokens.list().stream().map(TokenView::of).toList();
	}

	@DeleteMapping("/{name}")
	public ResponseEntity<Void> revoke(@PathVariable String name, HttpServletRequest request) {
		this.tokens.revoke(name, this.audit.tokenRevoked(request))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no token named " + name));
		return ResponseEntity.noContent().build();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler({ TokenExistsException.class, LastAdminTokenException.class })
	ResponseEntity<Map<String, String>> conflict(RuntimeException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", ex.getMessage()));
	}

}
