package io.mcpconfig.protocol;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SecretKeysTests {

	@ParameterizedTest
	@ValueSource(strings = { "db.password", "spring.datasource.password", "api.token", "auth.access-token",
			"aws.secret-key", "client.secret", "oauth.client-secret", "gcp.credentials", "service.credential",
			"payment.api-key", "stripe.apiKey", "ssl.private-key", "server.ssl.key-store-password", "DB.PASSWORD",
			"db.passwords[0]", "vault.token[primary]", "key", "ldap.passwd", "smtp.pwd", "ftp.user-pwd",
			"stripe.api-key [on-profile: prod]", "db.password [on-profile: eu]", "m.[db.password]",
			"spring.datasource.hikari.data-source-properties[password]", "pool[Secret]", "a[x].b[api.token]",
			"gateway.apiKeys", "tls.private-key-pem", "db.password[0] [on-profile: eu]",
			"http.headers.Authorization", "client.default-headers[authorization]", "gateway.proxy-authorization" })
	void valuesOfSecretLookingKeysAreMasked(String key) {
		assertThat(SecretKeys.isLikelySecret(key)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "sample.greeting", "server.ssl.key-store-type", "server.ssl.key-store",
			"server.ssl.key-alias", "tokenizer.mode", "keys.rotation-period", "secret-manager.region",
			"passwords.policy.min-length", "sample.max-connections", "spring.application.name",
			"hikari.data-source-properties[cachePrepStmts]", "servers[0]", "labels[region]",
			"spring.security.oauth2.client.registration.gh.authorization-grant-type",
			"spring.security.oauth2.client.provider.gh.authorization-uri", "auth.authorization-server" })
	void otherValuesAreShown(String key) {
		assertThat(SecretKeys.isLikelySecret(key)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://app:hunter2@db:5432/shop|jdbc:postgresql://app:******@db:5432/shop",
			"mongodb://reader:p%40ss@mongo-1,mongo-2/orders|mongodb://reader:******@mongo-1,mongo-2/orders",
			"amqp://:secret@rabbit|amqp://:******@rabbit",
			"jdbc:sqlserver://db;user=sa;Password=Passw0rd;encrypt=true|jdbc:sqlserver://db;user=sa;Password=******;encrypt=true",
			"https://api/x?user=a&pwd=b&x=1|https://api/x?user=a&pwd=******&x=1",
			"Server=db;Database=shop;User Id=sa;Password=xyz;|Server=db;Database=shop;User Id=sa;Password=******;",
			"jdbc:postgresql://db/shop|jdbc:postgresql://db/shop", "https://example.com/path|https://example.com/path",
			"user@example.com|user@example.com", "1abc://u:pw@h|1abc://u:******@h", "x-y.z://u:pw@h|x-y.z://u:******@h",
			"see http://a:b@c and ftp://d:e@f|see http://a:******@c and ftp://d:******@f",
			"jdbc:oracle:thin:scott/tiger@//db:1521/orcl|jdbc:oracle:thin:scott/******@//db:1521/orcl",
			"JDBC:ORACLE:OCI:app/p4ss@prod|JDBC:ORACLE:OCI:app/******@prod",
			"jdbc:oracle:thin:@//db:1521/orcl|jdbc:oracle:thin:@//db:1521/orcl",
			"user:hunter2@redis-1:6379,user:hunter2@redis-2:6379|user:******@redis-1:6379,user:******@redis-2:6379",
			":pw@cache:6379|:******@cache:6379", "app:p@ss@redis-1:6379|app:******@redis-1:6379",
			"git@github.com:org/repo.git|git@github.com:org/repo.git", "10:30@utc|10:30@utc",
			"ssh:git@github.com|ssh:git@github.com", "mailto:user@host|mailto:user@host",
			"jdbc:oracle:thin:scott/\"p@ss/w0rd\"@db:1521/orcl|jdbc:oracle:thin:scott/******@db:1521/orcl",
			"jdbc:oracle:thin:\"scott\"/\"ti@ger\"@//db:1521/orcl|jdbc:oracle:thin:\"scott\"/******@//db:1521/orcl",
			"redis://u:p@ss@cache:6379/0|redis://u:******@cache:6379/0",
			"Basic dXNlcjpwYXNzd29yZA==|Basic ******", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x|Bearer ******",
			"Bearer abcdefghijklmnop|Bearer ******", "Basic YWRtaW4|Basic ******", "Basic Bob|Basic Bob" })
	void passwordsInsideUrlsAndConnectionStringsAreMasked(String valueAndShown) {
		String[] pair = valueAndShown.split("\\|");
		assertThat(SecretKeys.shown("app.datasource.url", pair[0])).isEqualTo(pair[1]);
	}

	@Test
	void longValuesAreMaskedInLinearTime() {
		String run = "a1".repeat(128 * 1024);
		assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
			assertThat(SecretKeys.shown("cert", run)).isEqualTo(run);
			assertThat(SecretKeys.shown("url", run + "://u:pw@h")).isEqualTo(run + "://u:******@h");
			assertThat(SecretKeys.shown("url", "x://u:" + run)).isEqualTo("x://u:" + run);
			assertThat(SecretKeys.shown("url", "jdbc:oracle:thin:" + run + "/" + run))
				.isEqualTo("jdbc:oracle:thin:" + run + "/" + run);
			assertThat(SecretKeys.shown("url", ":" + run + ":" + run)).isEqualTo(":" + run + ":" + run);
			assertThat(SecretKeys.shown("h", "Bearer " + run)).isEqualTo("Bearer ******");
		});
	}

	@Test
	void messagesQuotingAnEmbeddedPasswordAreMasked() {
		assertThat(SecretKeys.masked("db.url", "redis://:pw@h", "cannot parse [redis://:pw@h]"))
			.isEqualTo("cannot parse [redis://:******@h]");
	}

	@Test
	void messagesQuotingASecretValueAreMasked() {
		assertThat(SecretKeys.masked("db.password", "hunter2", "for value [hunter2]")).isEqualTo("for value [******]");
		assertThat(SecretKeys.masked("sample.greeting", "hello", "for value [hello]")).isEqualTo("for value [hello]");
	}

}
