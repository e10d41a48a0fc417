package io.mcpconfig.server.imports;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcpconfig.server.audit.KeyChanges;

/**
 * What an import published, or with {@code dryRun} would publish.
 *
 * @param env the env imported into
 * @param dryRun whether nothing was published
 * @param targets each configuration of the repository, the shared layer first
 * @param skipped the files it did not read, each with why
 */
public record ImportReport(String env, boolean dryRun, List<ImportedTarget> targets,
		List<NativeRepository.Skipped> skipped) {

	/** What happens to a target. */
	public enum Outcome {

		/** Its first release: it had none. */
		CREATED,

		/** A new release with changes. */
		CHANGED,

		/** Nothing: its current release holds the same configuration. */
		UNCHANGED

	}

	/**
	 * One target of an import.
	 *
	 * @param app the application ({@code application} for the shared layer)
	 * @param outcome created, changed or unchanged
	 * @param baseVersion the release current before, none when it had none
	 * @param version the release published, none on a dry run or when unchanged
	 * @param files the files it was read from, in the order they apply
	 * @param emptyFiles those of them without any property (empty, or comments only), read
	 * as an empty configuration as Spring Cloud Config serves them; absent when none
	 * @param changes the keys it changes
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record ImportedTarget(String app, Outcome outcome, Long baseVersion, Long version, List<String> files,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> emptyFiles, KeyChanges changes) {
	}

}
