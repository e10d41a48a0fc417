package io.mcpconfig.cli.release;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.TargetParameters;
import io.mcpconfig.cli.connection.AdminApi;
import io.mcpconfig.cli.output.Output;

/**
 * What publishing a file would change, as the center itself computes it
 * ({@code PUT ...?dryRun=true}): parsed and checked exactly as a publish, nothing stored.
 */
final class DryRun {

	private DryRun() {
	}

	static void print(AdminApi api, TargetParameters target, Path file, Long ifMatch, Output output) {
		JsonNode answer = ConfigBody.send(file, (payload) -> api.put(target.path().with("dryRun", true), payload, ifMatch));
		output.print(answer, (dryRun) -> {
			JsonNode base = dryRun.path("baseVersion");
			String from = (base.isMissingNode() || base.isNull()) ? target + " (no release yet)"
					: target + " version " + base.asLong();
			return ChangesView.render(from + " -> " + file, dryRun.path("changes"));
		});
	}

}
