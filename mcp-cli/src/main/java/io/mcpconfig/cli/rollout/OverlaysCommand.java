package io.mcpconfig.cli.rollout;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.CommandGroup;
import io.mcpconfig.cli.TargetRead;
import io.mcpconfig.cli.connection.AdminApi;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Table;
import io.mcpconfig.cli.release.ConfigBody;
import io.mcpconfig.cli.release.ReleaseChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mcpctl overlays list|get|put|delete <app> <env> ...}: properties for the
 * instances whose labels match a selector. Each change is a release of the target.
 */
@Command(name = "overlays", mixinStandardHelpOptions = true,
		description = "Lists, shows, sets and deletes the overlays of a target (docs/gray-release.md).",
		subcommands = { OverlaysCommand.ListOverlays.class, OverlaysCommand.GetOverlay.class,
				OverlaysCommand.PutOverlay.class, OverlaysCommand.DeleteOverlay.class })
public final class OverlaysCommand extends CommandGroup {

	@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the overlays of a target.")
	static final class ListOverlays extends TargetRead {

		@Override
		protected ApiPath path() {
			return this.target.path("overlays");
		}

		@Override
		protected String render(JsonNode overlays) {
			Table table = Table.of("NAME", "SELECTOR", "KEYS", "VERSION", "AUTHOR", "UPDATED");
			for (JsonNode overlay : overlays) {
				table.row(overlay.path("name").asText(), overlay.path("selector").asText(),
						overlay.path("properties").size(), overlay.path("version").asLong(),
						overlay.path("author").asText(), overlay.path("updatedAt").asText());
			}
			return table.isEmpty() ? "no overlays\n" : table.toString();
		}

	}

	@Command(name = "get", mixinStandardHelpOptions = true, description = "Prints one overlay with its properties.")
	static final class GetOverlay extends TargetRead {

		@Parameters(index = "2", paramLabel = "<name>", description = "the overlay")
		private String name;

		@Override
		protected ApiPath path() {
			return this.target.path("overlays", this.name);
		}

		@Override
		protected String render(JsonNode overlay) {
			return "overlay " + overlay.path("name").asText() + " for " + selectorText(overlay.path("selector").asText())
					+ ", set at version " + overlay.path("version").asLong() + " by " + overlay.path("author").asText()
					+ "\n\n" + Table.ofProperties(overlay.path("properties"));
		}

	}

	@Command(name = "put", mixinStandardHelpOptions = true,
			description = "Sets an overlay: its properties apply to the instances the selector matches.")
	static final class PutOverlay extends ReleaseChange {

		@Parameters(index = "2", paramLabel = "<name>", description = "the overlay: 1 to 64 of A-Z a-z 0-9 . _ -")
		private String name;

		@Mixin
		private SelectorOption selector;

		@Option(names = { "-f", "--file" }, paramLabel = "FILE", required = true,
				description = "the overlay's properties: .yml, .yaml or .properties")
		private Path file;

		@Override
		protected JsonNode change(AdminApi api, Long ifMatch) {
			return ConfigBody.send(this.file, (payload) -> api
				.put(this.target.path("overlays", this.name).with("selector", this.selector.query()), payload, ifMatch));
		}

	}

	@Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes an overlay.")
	static final class DeleteOverlay extends ReleaseChange {

		@Parameters(index = "2", paramLabel = "<name>", description = "the overlay")
		private String name;

		@Override
		protected JsonNode change(AdminApi api, Long ifMatch) {
			return api.delete(this.target.path("overlays", this.name), ifMatch);
		}

	}

	/** A selector as the center shows it, {@code ""} for every instance, in words. */
	static String selectorText(String selector) {
		return selector.isEmpty() ? "every instance" : selector;
	}

}
