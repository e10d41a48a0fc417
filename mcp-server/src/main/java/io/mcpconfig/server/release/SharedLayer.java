package io.mcpconfig.server.release;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The shared configuration of an env (the release of the reserved app
 * {@value Target#SHARED_APP}) as an application's release holds it: below the
 * application's own properties for every instance.
 *
 * @param version the version of the shared release it was taken from
 * @param properties its plain properties
 * @param profiles its profile documents
 */
public record SharedLayer(long version, Map<String, String> properties, List<ProfileDocument> profiles) {

	public SharedLayer {
		properties = Map.copyOf(properties);
		profiles = (profiles != null) ? List.copyOf(profiles) : List.of();
	}

	/** The layer a shared configuration would make, before it is published: to measure it. */
	public static SharedLayer unpublished(ConfigDocuments documents) {
		return new SharedLayer(0, documents.properties(), documents.profiles());
	}

	/** The layer of a release of the shared app. */
	public static SharedLayer of(Release shared) {
		return new SharedLayer(shared.version(), shared.properties(), shared.profiles());
	}

	/**
	 * Whether an application holding {@code held} must take this layer in: it is newer and
	 * says something else. A shared release with the content the application holds already
	 * (an identical publish, a rollback to it) would only add a release to every
	 * application of the env, and eat their history.
	 * @param held the layer the application's release holds, {@code null} for none
	 */
	public boolean supersedes(SharedLayer held) {
		return held == null || (this.version > held.version && !documents().equals(held.documents()));
	}

	@JsonIgnore
	public ConfigDocuments documents() {
		return new ConfigDocuments(properties, profiles);
	}

}
