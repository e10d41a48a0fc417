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
import io.mcpconfig.server.audit.TokenAudit;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.TokenExistsException;
import io.mcpconfig.server.security.TokenStore;
import io.mcpconfig.server.store.StoreUnavailableException;

/**
 * The tokens of a center on the file store: {@code tokens.json} in its data directory,
 * hashed, replaced durably on each change. The directory's lock keeps other processes out,
 * so what this store last wrote is what the file holds.
 */
public class FileTokenStore implements TokenStore {

	static final String FILE_NAME = "tokens.json";

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.addModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
		// fields a newer version adds are no reason to lock everyone out
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final Path file;

	private final AtomicReference<List<ApiToken>> tokens;

	/**
	 * Reads the tokens of a data directory.
	 * @param store the file store whose directory holds them (and whose lock guards them)
	 */
	public FileTokenStore(FileReleaseStore store) {
		this.file = store.dir().resolve(FILE_NAME);
		this.tokens = new AtomicReference<>(read(this.file));
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
		save(List.copyOf(next));
		stored(audit, token);
	}

	@Override
	public synchronized Optional<ApiToken> revoke(String name, TokenAudit audit) {
		List<ApiToken> current = this.tokens.get();
		Optional<ApiToken> revoked = current.stream().filter((token) -> token.name().equals(name)).findFirst();
		if (revoked.isPresent()) {
			save(current.stream().filter((token) -> !token.name().equals(name)).toList());
			stored(audit, revoked.get());
		}
		return revoked;
	}

	/** The entry is appended after the tokens are written: a crash in between loses it. */
	private static void stored(TokenAudit audit, ApiToken token) {
		if (audit != null) {
			audit.stored(audit.entryFor(token));
		}
	}

	private void save(List<ApiToken> next) {
		try {
			DurableFile.write(this.file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot write the tokens to " + this.file + ": " + ex, ex);
		}
		this.tokens.set(next);
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
