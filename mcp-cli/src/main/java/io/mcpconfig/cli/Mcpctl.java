package io.mcpconfig.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.mcpconfig.cli.audit.AuditCommand;
import io.mcpconfig.cli.connection.AdminApi;
import io.mcpconfig.cli.connection.ConfigFile;
import io.mcpconfig.cli.connection.ConnectionChoices;
import io.mcpconfig.cli.instance.InstancesCommand;
import io.mcpconfig.cli.release.DiffCommand;
import io.mcpconfig.cli.release.GetCommand;
import io.mcpconfig.cli.release.HistoryCommand;
import io.mcpconfig.cli.release.PublishCommand;
import io.mcpconfig.cli.release.RollbackCommand;
import io.mcpconfig.cli.release.TargetsCommand;
import io.mcpconfig.cli.release.WatchCommand;
import io.mcpconfig.cli.rollout.GrayCommand;
import io.mcpconfig.cli.rollout.OverlaysCommand;
import io.mcpconfig.cli.token.TokensCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mcpctl}: the command-line client of the center's admin HTTP API. The options
 * here say how to reach the center and may be given anywhere on the line; the
 * subcommands say what to do.
 */
@Command(name = "mcpctl", mixinStandardHelpOptions = true, versionProvider = Mcpctl.Version.class,
		description = { "Publishes, reads and rolls out the configuration kept by an MCP Config center.",
				"The center and token come from --server/--token, else MCP_SERVER/MCP_TOKEN, else the config "
						+ "file (~/.mcpctl.yaml: server:, token:, ca-file:, insecure:); the default server is "
						+ ConnectionChoices.DEFAULT_SERVER + "." },
		subcommands = { GetCommand.class, PublishCommand.class, DiffCommand.class, HistoryCommand.class,
				RollbackCommand.class, WatchCommand.class, TargetsCommand.class, OverlaysCommand.class,
				GrayCommand.class, InstancesCommand.class, TokensCommand.class, AuditCommand.class,
				CompletionCommand.class })
public final class Mcpctl implements Runnable {

	@Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
			description = "the center's admin URL (env MCP_SERVER; default " + ConnectionChoices.DEFAULT_SERVER + ")")
	private String server;

	@Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
			description = "bearer token (env MCP_TOKEN)")
	private String token;

	@Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
			description = "config file to read instead of ~/.mcpctl.yaml")
	private Path config;

	@Option(names = "--ca-file", paramLabel = "PEM", scope = ScopeType.INHERIT,
			description = "trust the CA certificates of this PEM file for an https center")
	private Path caFile;

	@Option(names = "--insecure", scope = ScopeType.INHERIT,
			description = "trust any certificate and host name of an https center (tests only)")
	private Boolean insecure;

	@Option(names = "--connect-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, defaultValue = "5s",
			converter = DurationConverter.class, description = "how long to wait for a connection (default: 5s)")
	private Duration connectTimeout;

	@Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, defaultValue = "30s",
			converter = DurationConverter.class, description = "how long to wait for each answer (default: 30s)")
	private Duration requestTimeout;

	@Spec
	private CommandSpec spec;

	private AdminApi api;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	/** The command line with mcpctl's exit codes: the same for the jar and the tests. */
	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new Mcpctl());
		commandLine.setExecutionExceptionHandler((ex, failed, parseResult) -> {
			if (ex instanceof CommandFailure failure) {
				failed.getErr().println("mcpctl: " + failure.getMessage());
				failed.getErr().flush();
				return failure.status().code();
			}
			throw ex;
		});
		useExitCodes(commandLine);
		return commandLine;
	}

	/** Each command answers a usage error with its own spec's code, so every command gets ours, and lists them. */
	private static void useExitCodes(CommandLine commandLine) {
		CommandSpec spec = commandLine.getCommandSpec();
		spec.exitCodeOnInvalidInput(ExitStatus.USAGE.code());
		spec.exitCodeOnExecutionException(ExitStatus.INTERNAL.code());
		spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitStatus.helpList());
		commandLine.getSubcommands().values().forEach(Mcpctl::useExitCodes);
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "name a command, e.g. mcpctl get orders dev");
	}

	/** The admin API as the options, the environment and the config file describe it, made once. */
	AdminApi api() {
		if (this.api == null) {
			ConnectionChoices flags = new ConnectionChoices(this.server, this.token, this.caFile, this.insecure);
			ConnectionChoices file = (this.config != null) ? ConfigFile.read(this.config, true)
					: ConfigFile.read(ConfigFile.defaultLocation(), false);
			ConnectionChoices chosen = ConnectionChoices
				.firstOf(List.of(flags, ConnectionChoices.fromEnvironment(System.getenv()), file));
			this.api = AdminApi.connect(chosen, this.connectTimeout, this.requestTimeout);
		}
		return this.api;
	}

	/** The version in the jar's manifest. */
	static final class Version implements IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Mcpctl.class.getPackage().getImplementationVersion();
			return new String[] { "mcpctl " + ((version != null) ? version : "(development build)") };
		}

	}

}
