package io.mcpconfig.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretKeysTests {

	@ParameterizedTest
	@ValueSource(strings = { "db.password", "spring.datasource.password", "api.token", "auth.access-token",
			"aws.secret-key", "client.secret", "oauth.client-secret", "gcp.credentials", "service.credential",
			"payment.api-key", "stripe.apiKey", "ssl.private-key", "server.ssl.key-store-password", "DB.PASSWORD",
			"db.passwords[0]", "vault.token[primary]", "key" })
	void valuesOfSecretLookingKeysAreMasked(String key) {
		assertThat(SecretKeys.isLikelySecret(key)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sample.greeting", "server.ssl.key-store-type", "server.ssl.key-store",
			"server.ssl.key-alias", "tokenizer.mode", "keys.rotation-period", "secret-manager.region",
			"passwords.policy.min-length", "sample.max-connections", "spring.application.name" })
	void otherValuesAreShown(String key) {
		assertThat(SecretKeys.isLikelySecret(key)).isFalse();
	}

	@Test
	void messagesQuotingASecretValueAreMasked() {
		assertThat(SecretKeys.masked("db.password", "hunter2", "for value [hunter2]")).isEqualTo("for value [******]");
		assertThat(SecretKeys.masked("sample.greeting", "hello", "for value [hello]")).isEqualTo("for value [hello]");
	}

}
