package io.mcpconfig.server.shared;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseTooLargeException;

/**
 * A shared layer refused because it would make one application's release too large. The
 * message names that application and its sizes; {@link #withoutApplication()} says the
 * same for a caller whose token may not read it (a token scoped to the shared layer alone
 * may publish it, and must not learn the env's other applications from the refusal).
 */
public class SharedLayerTooLargeException extends ReleaseTooLargeException {

	private final Target application;

	private final String withoutApplication;

	SharedLayerTooLargeException(Target shared, Target application, ReleaseTooLargeException cause) {
		super(refusal(shared) + cause.getMessage(), cause);
		this.application = application;
		this.withoutApplication = refusal(shared) + "it would make the release of an application you cannot read"
				+ " larger than mcp.server.limits.max-release-size allows";
	}

	private static String refusal(Target shared) {
		return "the shared layer " + shared + " cannot be taken into every application of " + shared.env() + ": ";
	}

	/** The application whose release would be too large. */
	public Target application() {
		return this.application;
	}

	/** The refusal without the application's name and sizes. */
	public String withoutApplication() {
		return this.withoutApplication;
	}

}
