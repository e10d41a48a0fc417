package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.TokenExistsException;
import io.mcpconfig.server.security.TokenStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The tokens of a center on etcd: one key per token under {@code {prefix}tokens/}, JSON
 * with the secret hashed, so every replica on the cluster accepts the same tokens. A token
 * is created only where no key of its name exists (one transaction), so two replicas
 * cannot both create it.
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
			.read(() -> this.kv.get(this.keys.tokens(), GetOption.builder().isPrefix(true).build()), "reading the tokens")
			.getKvs();
		return found.stream().map(EtcdTokenStore::readable).flatMap(Optional::stream).toList();
	}

	@Override
	public void create(ApiToken token) {
		byte[] json;
		try {
			json = EtcdJson.MAPPER.writeValueAsBytes(token);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialize token " + token.name(), ex);
		}
		ByteSequence key = this.keys.token(token.name());
		TxnResponse response = this.deadline.await(this.kv.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
			.Then(Op.put(key, ByteSequence.from(json), PutOption.DEFAULT))
			.commit(), "creating token " + token.name(), this.deadline.start());
		if (!response.isSucceeded()) {
			throw new TokenExistsException(token.name());
		}
	}

	/** Deletes the key and answers what it held, in one call: what was revoked is what the audit records. */
	@Override
	public Optional<ApiToken> revoke(String name) {
		List<KeyValue> deleted = this.deadline
			.await(this.kv.delete(this.keys.token(name), DeleteOption.builder().withPrevKV(true).build()),
					"revoking token " + name, this.deadline.start())
			.getPrevKvs();
		return deleted.stream().findFirst().flatMap(EtcdTokenStore::readable);
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
