package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
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
 * The tokens of a center on etcd: one key per token under {@code {prefix}tokens/}, JSON
 * with the secret hashed, so every replica on the cluster accepts the same tokens. A token
 * is created only where no key of its name exists (one transaction), so two replicas
 * cannot both create it. A creation or revocation writes its audit entry in the same
 * transaction, and the last admin token that must stay is kept by the revocation's
 * transaction too.
 */
public class EtcdTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(EtcdTokenStore.class);

	private final KV kv;

	private final KeyLayout keys;

	private final CallDeadline deadline;

	public EtcdTokenStore(EtcdReleaseStore store) {
		this.kv = store.client().getKVClient();
		this.keys = new KeyLayout(store.prefix());
		this.deadline = store.deadline();
	}

	@Override
	public List<ApiToken> tokens() {
		List<KeyValue> found = this.deadline
			.read(this::readTokens, "reading the tokens")
			.getKvs();
		return found.stream().map(EtcdTokenStore::readable).flatMap(Optional::stream).toList();
	}

	@Override
	public void create(ApiToken token, TokenAudit audit) {
		byte[] json;
		try {
			json = EtcdJson.MAPPER.writeValueAsBytes(token);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialize token " + token.name(), ex);
		}
		ByteSequence key = this.keys.token(token.name());
		AuditEntry entry = (audit != null) ? audit.entryFor(token) : null;
		TxnResponse response = this.deadline.await(this.kv.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
			.Then(withEntry(Op.put(key, ByteSequence.from(json), PutOption.DEFAULT), entry))
			.commit(), "creating token " + token.name(), this.deadline.start());
		if (!response.isSucceeded()) {
			throw new TokenExistsException(token.name());
		}
		if (entry != null) {
			audit.stored(entry);
		}
	}

	/**
	 * Reads the tokens, then deletes this one and writes the entry of what it held in one
	 * transaction that commits only if its key is unchanged since the read; read again if it
	 * changed (revoked and made again meanwhile). The last admin token that must stay is
	 * kept the same way: an admin token is revoked only while another one is unchanged since
	 * the read, so of two replicas revoking the only two admin tokens at once, the second to
	 * commit reads again and finds its token the last.
	 */
	@Override
	public Optional<ApiToken> revoke(String name, boolean keepAnAdmin, TokenAudit audit) {
		ByteSequence key = this.keys.token(name);
		long deadlineNanos = this.deadline.start();
		for (int attempt = 1;; attempt++) {
			if (attempt > 1 && System.nanoTime() >= deadlineNanos) {
				throw new StoreUnavailableException("revoking token " + name + " lost to other changes of the tokens "
						+ (attempt - 1) + " times within " + this.deadline.timeout().toMillis() + " ms", null);
			}
			List<KeyValue> stored = this.deadline
				.repeatable(this::readTokens, "reading the tokens", deadlineNanos)
				.getKvs();
			Optional<KeyValue> found = stored.stream().filter((entry) -> entry.getKey().equals(key)).findFirst();
			if (found.isEmpty()) {
				return Optional.empty();
			}
			Optional<ApiToken> token = readable(found.get());
			List<Cmp> unchanged = new ArrayList<>();
			unchanged.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(found.get().getModRevision())));
			if (keepAnAdmin && token.filter((held) -> held.role() == Role.ADMIN).isPresent()) {
				KeyValue otherAdmin = stored.stream()
					.filter((entry) -> !entry.getKey().equals(key))
					.filter((entry) -> readable(entry).filter((held) -> held.role() == Role.ADMIN).isPresent())
					.findFirst()
					.orElseThrow(() -> new LastAdminTokenException(name));
				unchanged.add(new Cmp(otherAdmin.getKey(), Cmp.Op.EQUAL,
						CmpTarget.modRevision(otherAdmin.getModRevision())));
			}
			AuditEntry entry = (audit != null) ? token.map(audit::entryFor).orElse(null) : null;
			TxnResponse response = this.deadline.await(this.kv.txn()
				.If(unchanged.toArray(Cmp[]::new))
				.Then(withEntry(Op.delete(key, DeleteOption.DEFAULT), entry))
				.commit(), "revoking token " + name, deadlineNanos);
			if (response.isSucceeded()) {
				if (entry != null) {
					audit.stored(entry);
				}
				// an unreadable token (it never authenticated anyone) is deleted all the same,
				// without an entry: there is nothing to name but the key, and it answers as none
				return token;
			}
		}
	}

	private CompletableFuture<GetResponse> readTokens() {
		return this.kv.get(this.keys.tokens(), GetOption.builder().isPrefix(true).build());
	}

	private Op[] withEntry(Op change, AuditEntry entry) {
		return (entry != null) ? new Op[] { change, EtcdAuditStore.put(this.keys, entry) } : new Op[] { change };
	}

	/** One damaged entry must not lock everyone out; it simply is no valid token. */
	private static Optional<ApiToken> readable(KeyValue entry) {
		try {
			return Optional.of(EtcdJson.MAPPER.readValue(entry.getValue().getBytes(), ApiToken.class));
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Ignoring the unreadable token at " + entry.getKey() + ": " + ex.toString());
			return Optional.empty();
		}
	}

}
