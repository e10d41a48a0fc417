package io.mcpconfig.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import io.mcpconfig.server.audit.TokenAudit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The first admin of a center that has none and no {@code mcp.server.security.admin-token}:
 * a token named {@value Tokens#ADMIN} whose secret is written to a file readable by its
 * owner only, next to the data; the log says where, never the secret, and the audit log
 * records it as created by the center. A secret already in that file (a restart, or a
 * replica that lost its race) is used again.
 */
final class FirstAdminToken {

	private static final Log logger = LogFactory.getLog(FirstAdminToken.class);

	private FirstAdminToken() {
	}

	/**
	 * Creates the first admin token unless the store holds an admin token already.
	 * @param store where tokens are kept
	 * @param file where the secret goes
	 * @param clock the clock that dates the token
	 * @param audit how its creation is recorded
	 */
	static void ensure(TokenStore store, Path file, Clock clock, TokenAudit audit) {
		if (store.tokens().stream().anyMatch((token) -> token.role() == Role.ADMIN)) {
			return;
		}
		String secret = Files.isRegularFile(file) ? read(file) : TokenSecret.generate();
		try {
			store.create(new ApiToken(Tokens.ADMIN, Role.ADMIN, Scope.ALL, TokenSecret.hash(secret), clock.instant(),
					"bootstrap"), audit);
		}
		catch (TokenExistsException ex) {
			logger.info("Another replica created the first admin token; its secret is in the file '"
					+ file.getFileName() + "' of its host");
			return;
		}
		write(file, secret);
		logger.warn("Generated the first admin token '" + Tokens.ADMIN + "' into " + file.toAbsolutePath()
				+ " (readable by its owner only). Send it as 'Authorization: Bearer <token>'; create further "
				+ "tokens with POST /api/v1/tokens");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the admin token file " + file, ex);
		}
	}

	/** Written aside with owner-only permissions, then renamed: never readable by others, even half-written. */
	private static void write(Path file, String secret) {
		try {
			Path directory = file.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path temp = directory.resolve(file.getFileName() + ".tmp");
			Files.deleteIfExists(temp);
			if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the admin token file " + file, ex);
		}
	}

}
