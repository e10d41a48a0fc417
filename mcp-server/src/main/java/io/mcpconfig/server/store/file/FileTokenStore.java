package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.TokenAudit;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.LastAdminTokenException;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.TokenExistsException;
import io.mcpconfig.server.security.TokenStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The tokens of a center on the file store: {@code tokens.json} in its data directory,
 * hashed, replaced durably on each change. The directory's lock keeps other processes out,
 * so what this store last wrote is what the file holds.
 * <p>
 * A change's audit entry is written to {@code tokens-audit.json} before the tokens, and
 * appended to the audit log after them: if the center stops in between, the audit log
 * finds it there at the next start ({@link #pendingAuditEntry()}) and appends it when the
 * tokens show the change was made.
 */
public class FileTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(FileTokenStore.class);

	static final String FILE_NAME = "tokens.json";

	static final String PENDING_AUDIT_FILE_NAME = "tokens-audit.json";

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		// fields a newer version adds are no reason to lock everyone out
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path file;

	private final Path pendingAudit;

	private final AtomicReference<List<ApiToken>> tokens;

	/** The entry of the last change before the store opened, if the tokens it read show it made. */
	private final Optional<AuditEntry> pendingAtOpen;

	/**
	 * Reads the tokens of a data directory.
	 * @param store the file store whose directory holds them (and whose lock guards them)
	 */
	public FileTokenStore(FileReleaseStore store) {
		this.file = store.dir().resolve(FILE_NAME);
		this.pendingAudit = store.dir().resolve(PENDING_AUDIT_FILE_NAME);
		this.tokens = new AtomicReference<>(read(this.file));
		this.pendingAtOpen = madeChangeOf(readPending(this.pendingAudit), this.tokens.get());
	}

	@Override
	public List<ApiToken> tokens() {
		return this.tokens.get();
	}

	@Override
	public synchronized void create(ApiToken token, TokenAudit audit) {
		List<ApiToken> current = this.tokens.get();
		if (current.stream().anyMatch((existing) -> existing.name().equals(token.name()))) {
			throw new TokenExistsException(token.name());
		}
		List<ApiToken> next = new ArrayList<>(current);
		next.add(token);
		next.sort(Comparator.comparing(ApiToken::name));
		change(List.copyOf(next), audit, token);
	}

	@Override
	public synchronized Optional<ApiToken> revoke(String name, boolean keepAnAdmin, TokenAudit audit) {
		List<ApiToken> current = this.tokens.get();
		Optional<ApiToken> revoked = current.stream().filter((token) -> token.name().equals(name)).findFirst();
		if (revoked.isPresent()) {
			boolean lastAdmin = revoked.get().role() == Role.ADMIN && current.stream()
				.noneMatch((token) -> token.role() == Role.ADMIN && !token.name().equals(name));
			if (keepAnAdmin && lastAdmin) {
				throw new LastAdminTokenException(name);
			}
			change(current.stream().filter((token) -> !token.name().equals(name)).toList(), audit, revoked.get());
		}
		return revoked;
	}

	/** Writes the entry ahead of the tokens, then the tokens, then completes the entry. */
	private void change(List<ApiToken> next, TokenAudit audit, ApiToken token) {
		AuditEntry entry = (audit != null) ? audit.entryFor(token) : null;
		if (entry != null) {
			write(this.pendingAudit, FileAuditStore.MAPPER.valueToTree(entry), "the audit entry of the change");
		}
		save(next);
		if (entry != null) {
			audit.stored(entry);
		}
	}

	/**
	 * The entry of the last change before the store opened, if that change was made (the
	 * tokens read at open show it): the audit log appends it at its start if it does not hold
	 * it. Written before each change, so a change a crash cut short leaves one that the
	 * tokens do not show.
	 * @return the entry, empty when there is none or its change was not made
	 */
	Optional<AuditEntry> pendingAuditEntry() {
		return this.pendingAtOpen;
	}

	private static Optional<AuditEntry> readPending(Path file) {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(FileAuditStore.MAPPER.readValue(file.toFile(), AuditEntry.class))
				.filter((entry) -> entry.token() != null);
		}
		catch (IOException ex) {
			logger.warn("Ignoring " + file + ": " + ex.getMessage());
			return Optional.empty();
		}
	}

	private static Optional<AuditEntry> madeChangeOf(Optional<AuditEntry> pending, List<ApiToken> tokens) {
		return pending.filter((entry) -> {
			Optional<ApiToken> held = tokens.stream()
				.filter((token) -> token.name().equals(entry.token().name()))
				.findFirst();
			return (entry.action() == AuditAction.TOKEN_CREATE)
					? held.filter((token) -> token.createdAt().equals(entry.at())).isPresent()
					: (entry.action() == AuditAction.TOKEN_REVOKE) && held.isEmpty();
		});
	}

	private void save(List<ApiToken> next) {
		write(this.file, next, "the tokens");
		this.tokens.set(next);
	}

	private static void write(Path file, Object json, String what) {
		try {
			DurableFile.write(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot write " + what + " to " + file + ": " + ex, ex);
		}
	}

	private static List<ApiToken> read(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			return List.copyOf(MAPPER.readValue(file.toFile(), new TypeReference<List<ApiToken>>() {
			}));
		}
		catch (IOException ex) {
			// refusing to start beats starting without the tokens that guard the center
			throw new IllegalStateException("Cannot read the tokens in " + file + ": " + ex.getMessage(), ex);
		}
	}

}
