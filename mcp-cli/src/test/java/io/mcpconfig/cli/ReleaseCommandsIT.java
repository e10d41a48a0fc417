package io.mcpconfig.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mcpconfig.cli.McpctlRun.Result;
import io.mcpconfig.cli.McpctlRun.RunningMcpctl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The release commands of the real jar against a real center: what a user and a script see. */
class ReleaseCommandsIT extends WithRunningCenter {

	@Test
	void publishGetHistoryDiffAndRollbackARelease() throws Exception {
		Path yaml = file("orders.yml", "pool:\n  size: 10\ngreeting: hello\n");
		Path properties = file("orders.properties", "pool.size=20\ntimeout=5s\n");

		Result first = mcpctl("publish", "orders", "dev", "-f", yaml.toString(), "--comment", "first cut");
		assertThat(first.exitCode()).as(first.toString()).isZero();
		assertThat(first.out()).startsWith("published orders/dev version 1 ").contains(": first cut");
		Result second = mcpctl("publish", "orders", "dev", "-f", properties.toString());
		assertThat(second.out()).as(second.toString()).startsWith("published orders/dev version 2 ");

		Result get = mcpctl("get", "orders", "dev");
		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(get.out()).contains("version:    2", "size:       20 bytes")
			.containsPattern("(?m)^pool\\.size +20$")
			.containsPattern("(?m)^timeout +5s$");
		JsonNode current = mcpctl("get", "orders", "dev", "-o", "json").json();
		assertThat(current.path("version").asLong()).isEqualTo(2);
		assertThat(current.path("properties").path("pool.size").asText()).isEqualTo("20");

		Result history = mcpctl("history", "orders", "dev", "--limit", "5");
		assertThat(history.out().lines()).hasSize(3).element(0).asString().startsWith("VERSION");
		assertThat(history.out().lines().skip(1)).satisfiesExactly((line) -> assertThat(line).startsWith("2 "),
				(line) -> assertThat(line).startsWith("1 ").endsWith("first cut"));
		JsonNode historyYaml = new ObjectMapper(new YAMLFactory())
			.readTree(mcpctl("history", "orders", "dev", "-o", "yaml").out());
		assertThat(historyYaml).hasSize(2);
		assertThat(historyYaml.get(1).path("comment").asText()).isEqualTo("first cut");
		// summaries: how many keys, not the keys
		assertThat(historyYaml.get(0).path("keys").asInt()).isEqualTo(2);
		assertThat(historyYaml.get(0).has("properties")).isFalse();

		Result diff = mcpctl("diff", "orders", "dev", "--from", "1", "--to", "2");
		assertThat(diff.exitCode()).as(diff.toString()).isZero();
		assertThat(diff.out()).startsWith("orders/dev version 1 -> version 2\n")
			.containsPattern("(?m)^base +added +timeout +5s$")
			.containsPattern("(?m)^base +modified +pool\\.size +10 +20$")
			.containsPattern("(?m)^base +removed +greeting +hello$")
			.endsWith("3 changes\n");
		JsonNode diffJson = mcpctl("diff", "orders", "dev", "--from", "1", "-o", "json").json();
		assertThat(diffJson.path("toVersion").asLong()).isEqualTo(2);
		assertThat(diffJson.path("parts")).singleElement().satisfies((base) -> {
			assertThat(base.path("part").asText()).isEqualTo("base");
			assertThat(base.path("changes").path("modified").get(0).path("key").asText()).isEqualTo("pool.size");
		});

		Result rollback = mcpctl("rollback", "orders", "dev", "--to", "1");
		assertThat(rollback.out()).as(rollback.toString()).startsWith("published orders/dev version 3 ")
			.contains(": rollback to 1");
		JsonNode rolledBack = mcpctl("get", "orders", "dev", "-o", "json").json();
		assertThat(rolledBack.path("properties").path("greeting").asText()).isEqualTo("hello");
		assertThat(mcpctl("diff", "orders", "dev", "--from", "1").out()).endsWith("no changes\n");
	}

	/** Before a rollback, a diff that says "no changes" while a profile document changed would mislead. */
	@Test
	void diffListsChangesInEachProfileDocumentWithSecretsMaskedAndGetShowsTheDocuments() throws Exception {
		mcpctl("publish", "prof", "dev", "-f", file("prof.yml", """
				pool: 10
				db.password: s3cret
				---
				spring.config.activate.on-profile: eu
				pool: 20
				---
				spring.config.activate.on-profile: us
				pool: 30
				""").toString());
		mcpctl("publish", "prof", "dev", "-f", file("prof.yml", """
				pool: 10
				db.password: n3w
				---
				spring.config.activate.on-profile: eu
				pool: 99
				""").toString());

		Result diff = mcpctl("diff", "prof", "dev", "--from", "1", "--to", "2");

		assertThat(diff.exitCode()).as(diff.toString()).isZero();
		assertThat(diff.out()).startsWith("prof/dev version 1 -> version 2\nPART ")
			.containsPattern("(?m)^base +modified +db\\.password +\\*{6} +\\*{6}$")
			.containsPattern("(?m)^on-profile: eu +modified +pool +20 +99$")
			.containsPattern("(?m)^on-profile: us +removed +pool +30$")
			.doesNotContain("s3cret", "n3w")
			.endsWith("3 changes\n");
		Result get = mcpctl("get", "prof", "dev");
		assertThat(get.out()).containsPattern("(?m)^pool +10$")
			.containsPattern("(?m)^on-profile: eu\nKEY +VALUE\npool +99$");
	}

	@Test
	void diffListsTheSharedLayerAnApplicationTookInAndGetNamesItsVersion() throws Exception {
		mcpctl("publish", "layered", "layers", "-f", file("layered.yml", "a: 1\n").toString());
		mcpctl("publish", "application", "layers", "-f",
				file("shared.yml", "logging.level.root: INFO\nshared.k: v\n").toString());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mcpctl("get", "layered", "layers", "-o", "json").json().path("version").asLong() == 2);

		Result diff = mcpctl("diff", "layered", "layers", "--from", "1");

		assertThat(diff.out()).as(diff.toString())
			.startsWith("layered/layers version 1 -> version 2\nshared layer: none -> version 1\n")
			.containsPattern("(?m)^shared layer +added +logging\\.level\\.root +INFO$")
			.containsPattern("(?m)^shared layer +added +shared\\.k +v$")
			.endsWith("2 changes\n");
		assertThat(mcpctl("get", "layered", "layers").out())
			.contains("shared:     application/layers version 1 below it\n");
	}

	@Test
	void diffOfAFileShowsWhatThePublishWouldChangeAndStoresNothing() throws Exception {
		mcpctl("publish", "preview", "dev", "-f", file("preview.yml", "a: 1\nb: 2\n").toString());
		Path next = file("preview-next.yml", "a: 1\nb: 3\nc: 4\n");

		Result diff = mcpctl("diff", "preview", "dev", "-f", next.toString());

		assertThat(diff.exitCode()).as(diff.toString()).isZero();
		assertThat(diff.out()).startsWith("preview/dev version 1 -> " + next + "\n")
			.containsPattern("(?m)^modified +b +2 +3$")
			.containsPattern("(?m)^added +c +4$")
			.endsWith("2 changes\n");
		JsonNode dryRun = mcpctl("publish", "preview", "dev", "-f", next.toString(), "--dry-run", "-o", "json").json();
		assertThat(dryRun.path("baseVersion").asLong()).isEqualTo(1);
		assertThat(dryRun.path("changes").path("added").get(0).path("key").asText()).isEqualTo("c");
		assertThat(mcpctl("get", "preview", "dev", "-o", "json").json().path("version").asLong()).isEqualTo(1);
		assertThat(mcpctl("diff", "unpublished", "dev", "-f", next.toString()).out())
			.startsWith("unpublished/dev (no release yet) -> ").endsWith("3 changes\n");
	}

	@Test
	void targetsListsEveryTargetWithItsCurrentRelease() throws Exception {
		Path yaml = file("listed.yml", "a: 1\n");
		mcpctl("publish", "listed", "dev", "-f", yaml.toString());
		mcpctl("publish", "listed", "prod", "-f", yaml.toString(), "--comment", "to prod");

		assertThat(mcpctl("targets").out()).startsWith("APP ")
			.containsPattern("(?m)^listed +dev +1 ")
			.containsPattern("(?m)^listed +prod +1 .* to prod$");
		JsonNode prod = mcpctl("targets", "--env", "prod", "-o", "json").json();
		assertThat(prod).isNotEmpty().allSatisfy((target) -> assertThat(target.path("env").asText()).isEqualTo("prod"));
		assertThat(prod).anySatisfy((target) -> assertThat(target.path("app").asText()).isEqualTo("listed"));
	}

	@Test
	void yamlOutputReadsBackAsTheSameStringsAndTablesEscapeControlCharacters() throws Exception {
		Path yaml = file("typed.yml", "app.version: \"1.10\"\nhex: \"0x10\"\nday: \"2026-01-01\"\n"
				+ "evil: \"\\e[31mred\\e[0m\"\n");
		assertThat(mcpctl("publish", "typed", "dev", "-f", yaml.toString(), "--comment", "two\nlines").exitCode())
			.isZero();

		JsonNode read = new ObjectMapper(new YAMLFactory()).readTree(mcpctl("get", "typed", "dev", "-o", "yaml").out());
		assertThat(read.path("properties").path("app.version").isTextual()).isTrue();
		assertThat(read.path("properties").path("app.version").asText()).isEqualTo("1.10");
		assertThat(read.path("properties").path("hex").asText()).isEqualTo("0x10");
		assertThat(read.path("properties").path("day").isTextual()).isTrue();

		Result table = mcpctl("get", "typed", "dev");
		assertThat(table.out()).doesNotContain("\u001b").contains("\\u001b[31mred\\u001b[0m");
		assertThat(mcpctl("history", "typed", "dev").out()).contains("two\\nlines");
	}

	@Test
	void aPublishOnTopOfAnotherVersionThanIfMatchExitsWithConflict() throws Exception {
		Path yaml = file("cas.yml", "a: 1\n");
		assertThat(mcpctl("publish", "cas", "dev", "-f", yaml.toString(), "--if-match", "0").exitCode()).isZero();

		Result conflict = mcpctl("publish", "cas", "dev", "-f", yaml.toString(), "--if-match", "0");

		assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(ExitStatus.CONFLICT.code());
		assertThat(conflict.err()).startsWith("mcpctl: version conflict on cas/dev").contains("current is 1");
		assertThat(conflict.out()).isEmpty();
	}

	@Test
	void aTargetWithoutReleaseExitsWithNotFound() throws Exception {
		Result missing = mcpctl("get", "nobody", "dev");

		assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitStatus.NOT_FOUND.code());
		assertThat(missing.err()).isEqualTo("mcpctl: no release of nobody/dev\n");
	}

	@Test
	void aFileTheCenterCannotParseIsRefusedWithItsReason() throws Exception {
		Path broken = file("broken.yml", "a: [1, 2\n");

		Result refused = mcpctl("publish", "broken", "dev", "-f", broken.toString());

		assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(refused.err()).startsWith("mcpctl: " + broken + ": invalid YAML at line");

		// said before anything is sent: an empty file, and .properties in Java's old ISO-8859-1
		Result empty = mcpctl("publish", "broken", "dev", "-f", file("empty.yml", "\n").toString());
		assertThat(empty.exitCode()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(empty.err()).contains("empty.yml is empty: to publish an empty configuration, put {} in a .yml file");
		Path latin1 = work.resolve("latin1.properties");
		Files.write(latin1, "greeting=caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		Result notUtf8 = mcpctl("publish", "broken", "dev", "-f", latin1.toString());
		assertThat(notUtf8.exitCode()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(notUtf8.err()).contains("latin1.properties is not UTF-8", "iconv", "mcpctl import");
		assertThat(mcpctl("history", "broken", "dev").out()).isEqualTo("no releases\n");
	}

	@Test
	void usageErrorsExitWithOne() throws Exception {
		Path text = file("notes.txt", "a=1\n");

		assertThat(mcpctl("publish", "orders", "dev", "-f", text.toString()).err())
			.contains("name a .yml, .yaml or .properties file");
		assertThat(mcpctl("publish", "orders", "dev", "-f", text.toString()).exitCode()).isEqualTo(1);
		assertThat(mcpctl("frobnicate").exitCode()).isEqualTo(1);
		assertThat(mcpctl("get", "orders").exitCode()).isEqualTo(1);
		assertThat(mcpctl("history", "orders", "dev", "--limit", "many").exitCode()).isEqualTo(1);
		assertThat(mcpctl("gray").exitCode()).isEqualTo(1);
	}

	@Test
	void watchPrintsEachNewReleaseAsItIsPublished() throws Exception {
		Path yaml = file("watched.yml", "a: 1\n");
		mcpctl("publish", "watched", "dev", "-f", yaml.toString());

		try (RunningMcpctl watch = asAdmin().start("watch", "watched", "dev", "--interval", "200ms")) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(
					() -> assertThat(watch.lines()).singleElement().asString().startsWith("watched/dev version 1 "));

			mcpctl("publish", "watched", "dev", "-f", file("watched.yml", "a: 2\n").toString(), "--comment", "two");
			mcpctl("publish", "watched", "dev", "-f", file("watched.yml", "a: 3\n").toString(), "--comment", "three");

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watch.lines()).satisfiesExactly(
					(line) -> assertThat(line).startsWith("watched/dev version 1 "),
					(line) -> assertThat(line).startsWith("watched/dev version 2 ").endsWith(": two"),
					(line) -> assertThat(line).startsWith("watched/dev version 3 ").endsWith(": three")));
			assertThat(watch.isAlive()).isTrue();
		}
	}

	@Test
	void helpVersionCompletionAndTheLauncherScript() throws Exception {
		Result help = mcpctl("publish", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("--if-match=VERSION").contains("Exit codes:").contains("4   conflict");
		assertThat(mcpctl("--version").out()).startsWith("mcpctl 0.1.0");
		assertThat(asAdmin().throughLauncher().run("get", "nobody", "dev").err())
			.isEqualTo("mcpctl: no release of nobody/dev\n");
		Result completion = mcpctl("completion");
		assertThat(completion.exitCode()).isZero();
		assertThat(completion.out()).contains("complete -F").contains("publish").contains("--if-match");
	}

	/** {@code mcpctl import}: a repository folder into an env, after its dry run. */
	@Test
	void aRepositoryFolderIsImportedAfterItsDryRunAndAgainChangesNothing() throws Exception {
		Path repository = Files.createDirectories(work.resolve("repo"));
		Files.writeString(repository.resolve("application.yml"), "logging.level.root: INFO\n");
		Files.writeString(repository.resolve("payments.yml"), "pool: 10\n---\nspring.config.activate.on-profile: eu\npool: 20\n");
		Files.writeString(repository.resolve("payments-prod.properties"), "pool=50\n");
		Files.writeString(repository.resolve("notes.txt"), "not configuration\n");
		Files.createDirectories(repository.resolve("sub"));
		Files.writeString(repository.resolve("sub/ignored.yml"), "a: 1\n");

		Result dryRun = mcpctl("import", "imp", repository.toString(), "--dry-run");
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		// nothing of the folder is left out silently, as the center says of an archive
		assertThat(dryRun.err()).contains("skipped notes.txt: not a .yml, .yaml or .properties file",
				"skipped sub/: a folder, not the repository root, where Spring Cloud Config looks");
		assertThat(dryRun.out()).startsWith("dry run: nothing published\n")
			.containsPattern("(?m)^application +CREATED .* application\\.yml$")
			.containsPattern("(?m)^payments +CREATED .* payments\\.yml payments-prod\\.properties$");
		assertThat(mcpctl("get", "payments", "imp").exitCode()).isEqualTo(3);

		JsonNode imported = mcpctl("import", "imp", repository.toString(), "-o", "json").json();
		assertThat(imported.path("targets").findValuesAsText("version")).containsExactly("1", "1");
		JsonNode payments = mcpctl("get", "payments", "imp", "-o", "json").json();
		assertThat(payments.path("profiles").get(0).path("onProfile").asText()).isEqualTo("eu");
		assertThat(payments.path("profiles").get(1).path("onProfile").asText()).isEqualTo("prod");

		Result again = mcpctl("import", "imp", repository.toString());
		assertThat(again.out()).containsPattern("(?m)^payments +UNCHANGED +1 +- ");

		Result notARepository = mcpctl("import", "imp", file("single.txt", "x").toString());
		assertThat(notARepository.exitCode()).isEqualTo(1);
		assertThat(notARepository.err()).contains("name a folder, a .zip or a .tar.gz");
	}

}
