package io.mcpconfig.cli.token;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.CommandGroup;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Cells;
import io.mcpconfig.cli.output.Output;
import io.mcpconfig.cli.output.OutputFormat;
import io.mcpconfig.cli.output.Printable;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcpctl tokens list|create|revoke}: the center's bearer tokens (admin tokens only). */
@Command(name = "tokens", mixinStandardHelpOptions = true,
		description = "Lists, creates and revokes bearer tokens; needs an admin token (docs/security.md).",
		subcommands = { TokensCommand.ListTokens.class, TokensCommand.CreateToken.class,
				TokensCommand.RevokeToken.class })
public final class TokensCommand extends CommandGroup {

	@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the tokens, never their secrets.")
	static final class ListTokens extends AdminCommand {

		@Mixin
		private Output output;

		@Override
		public void run() {
			this.output.print(api().get(ApiPath.of("tokens")), (tokens) -> {
				Table table = Table.of("NAME", "ROLE", "APPS", "ENVS", "CREATED", "BY");
				for (JsonNode token : tokens) {
					table.row(token.path("name").asText(), token.path("role").asText(), Cells.joined(token.path("apps")),
							Cells.joined(token.path("envs")), token.path("createdAt").asText(),
							token.path("createdBy").asText());
				}
				return table.toString();
			});
		}

	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Creates a token and prints its secret, which the center never shows again.",
					"Only the secret goes to stdout: TOKEN=$(mcpctl tokens create ci --role publisher "
							+ "--apps orders --envs prod)" })
	static final class CreateToken extends AdminCommand {

		@Parameters(index = "0", paramLabel = "<name>", description = "the token's name, shown as author and in the audit log")
		private String name;

		@Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, publisher, reader or client")
		private String role;

		@Option(names = "--apps", split = ",", paramLabel = "APP",
				description = "apps it covers, names or globs (* for all); not for admin")
		private List<String> apps;

		@Option(names = "--envs", split = ",", paramLabel = "ENV",
				description = "envs it covers, names or globs (* for all); not for admin")
		private List<String> envs;

		@Mixin
		private Output output;

		@Override
		public void run() {
			if (!"admin".equalsIgnoreCase(this.role) && (this.apps == null || this.envs == null)) {
				throw new CommandFailure(ExitStatus.USAGE, "a " + this.role + " token covers some apps and envs: give"
						+ " --apps and --envs (names or globs, * for all), e.g. --apps orders --envs prod");
			}
			ObjectNode request = JsonNodeFactory.instance.objectNode().put("name", this.name).put("role", this.role);
			if (this.apps != null) {
				this.apps.forEach(request.putArray("apps")::add);
			}
			if (this.envs != null) {
				this.envs.forEach(request.putArray("envs")::add);
			}
			JsonNode created = api().post(ApiPath.of("tokens"), request, null);
			if (this.output.format() == OutputFormat.table) {
				err().println("created token " + created.path("name").asText() + " (" + created.path("role").asText()
						+ "); its secret, shown this once:");
				err().flush();
			}
			try {
				this.output.print(created, (token) -> token.path("token").asText() + "\n");
			}
			catch (CommandFailure failure) {
				String name = created.path("name").asText();
				throw new CommandFailure(failure.status(), "token " + name + " was created, but its secret could not be "
						+ "written (" + failure.getMessage() + "); it is shown only once: revoke it (mcpctl tokens revoke "
						+ name + ") and create it again");
			}
		}

	}

	@Command(name = "revoke", mixinStandardHelpOptions = true,
			description = "Revokes a token: its calls are refused, its streams end.")
	static final class RevokeToken extends AdminCommand {

		@Parameters(index = "0", paramLabel = "<name>", description = "the token")
		private String name;

		@Override
		public void run() {
			try {
				api().delete(ApiPath.of("tokens", this.name), null);
			}
			catch (CommandFailure failure) {
				// the center answers a bare 404 here
				throw (failure.status() == ExitStatus.NOT_FOUND)
						? new CommandFailure(ExitStatus.NOT_FOUND, "no token named " + this.name) : failure;
			}
			out().println("revoked token " + Printable.line(this.name));
			Output.written(out());
		}

	}

}
