package io.mcpconfig.cli.audit;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Output;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcpctl audit}: who published, rolled back or changed a token, when, from where. */
@Command(name = "audit", mixinStandardHelpOptions = true,
		description = "Lists the audit log, newest first, a page at a time: the entries the token's scope covers,"
				+ " narrowed by target, action, author, changed key and time.")
public final class AuditCommand extends AdminCommand {

	@Option(names = "--app", paramLabel = "APP", description = "only entries of this app")
	private String app;

	@Option(names = "--env", paramLabel = "ENV", description = "only entries of this env")
	private String env;

	@Option(names = "--action", paramLabel = "ACTION", split = ",",
			description = "only entries of these actions (repeat it or separate them by commas): publish, rollback,"
					+ " gray-step, overlay-change, token-create, token-revoke")
	private List<String> actions;

	@Option(names = "--who", paramLabel = "TOKEN", description = "only changes made by the token of this name")
	private String who;

	@Option(names = "--key", paramLabel = "KEY", description = "only changes that changed this key")
	private String key;

	@Option(names = "--since", paramLabel = "WHEN",
			description = "only entries of this time or later: 2026-11-25T14:04:22Z, with an offset, or a day (UTC)")
	private String since;

	@Option(names = "--until", paramLabel = "WHEN", description = "only entries before this time, as --since")
	private String until;

	@Option(names = "--page", paramLabel = "N", description = "the page, from 0 (default: 0)")
	private Integer page;

	@Option(names = "--size", paramLabel = "N", description = "entries per page, at most 100 (default: 20)")
	private Integer size;

	@Mixin
	private Output output;

	@Override
	public void run() {
		this.output.print(api().get(ApiPath.of("audit")
			.with("app", this.app)
			.with("env", this.env)
			.with("action", (this.actions != null) ? String.join(",", this.actions) : null)
			.with("who", this.who)
			.with("key", this.key)
			.with("since", this.since)
			.with("until", this.until)
			.with("page", this.page)
			.with("size", this.size)), AuditCommand::render);
	}

	private static String render(JsonNode page) {
		Table table = Table.of("AT", "ACTION", "WHO", "TARGET", "VERSION", "CHANGES", "COMMENT");
		for (JsonNode entry : page.path("entries")) {
			JsonNode changes = entry.path("changes");
			String target = entry.hasNonNull("app") ? entry.path("app").asText() + "/" + entry.path("env").asText()
					: "token " + entry.path("token").path("name").asText();
			table.row(entry.path("at").asText(), entry.path("action").asText(), entry.path("who").path("name").asText(),
					target, entry.hasNonNull("version") ? entry.path("version").asLong() : "",
					changes.isMissingNode() ? "" : "+" + changes.path("added").size() + " ~"
							+ changes.path("modified").size() + " -" + changes.path("removed").size(),
					entry.path("comment").asText(""));
		}
		return table + "page " + page.path("page").asInt() + ", " + page.path("entries").size() + " of "
				+ page.path("total").asLong() + " entries\n";
	}

}
