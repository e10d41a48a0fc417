package io.mcpconfig.server.web;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code dryRun} query parameter. A request that names it, in any letter case and with
 * any value, changes nothing: it previews where the endpoint can, and is refused where it
 * cannot or where its value asks for the change after all.
 */
final class DryRunParameter {

	/** The spelling the handlers take, and that every other one is read as. */
	static final String NAME = "dryRun";

	// Spring's own spellings of a boolean; no value at all asks for a dry run too
	private static final Set<String> TRUE = Set.of("", "true", "on", "yes", "1");

	private static final Set<String> FALSE = Set.of("false", "off", "no", "0");

	private DryRunParameter() {
	}

	static boolean isSpelling(String parameter) {
		return NAME.equalsIgnoreCase(parameter);
	}

	/**
	 * @param spelling how the request spells {@code dryRun}, named in a refusal
	 * @param value a value the request gave for it
	 * @throws InvalidParameterException when the value is false or no boolean: a caller
	 * who names the parameter and means to make the change gets neither the change nor a
	 * dry run that looks like it
	 */
	static void requireDryRun(String spelling, String value) {
		String read = value.toLowerCase(Locale.ROOT);
		if (FALSE.contains(read)) {
			throw InvalidParameterException.query(spelling, "dryRun=" + value
					+ " is refused, nothing was changed: a request that names dryRun is a dry run; leave dryRun out to make the change");
		}
		if (!TRUE.contains(read)) {
			throw InvalidParameterException.query(spelling, "'" + value
					+ "' is not a valid dryRun: give true (or no value) for a dry run, or leave dryRun out to make the change");
		}
	}

}
