package io.mcpconfig.client.event;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationEvent;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;

/**
 * Published when the configuration an instance holds was replaced by a new one, after
 * the new one is visible in the {@code Environment}. Listen with
 * {@code @EventListener}:
 *
 * <pre class="code">
 * &#64;EventListener
 * void onConfigChange(ConfigChangeEvent event) {
 *     if (event.isChanged("sample.greeting")) {
 *         log.info("greeting is now {}", event.getChanges().get("sample.greeting").newValue());
 *     }
 * }
 * </pre>
 *
 * Listeners run on the client's sync thread; {@code @ConfigurationProperties} and
 * {@code @RefreshScope} beans are refreshed right after the listeners return. The event
 * is immutable.
 */
public class ConfigChangeEvent extends ApplicationEvent {

	private final ConfigTarget target;

	private final long oldVersion;

	private final long newVersion;

	private final Map<String, PropertyChange> changes;

	private final ConfigSource configSource;

	// Adapted once: every @ConfigurationProperties bean asks whether a key under its prefix changed.
	private final List<ConfigurationPropertyName> changedNames;

	/**
	 * Creates an event.
	 * @param source the component that applied the change
	 * @param target what the configuration belongs to
	 * @param oldVersion the version held before
	 * @param newVersion the version held now
	 * @param changes the changed properties by key
	 * @param configSource where the new configuration comes from
	 */
	public ConfigChangeEvent(Object source, ConfigTarget target, long oldVersion, long newVersion,
			Map<String, PropertyChange> changes, ConfigSource configSource) {
		super(source);
		this.target = target;
		this.oldVersion = oldVersion;
		this.newVersion = newVersion;
		this.changes = Collections.unmodifiableMap(new TreeMap<>(changes));
		this.configSource = configSource;
		this.changedNames = this.changes.keySet()
			.stream()
			.map((key) -> ConfigurationPropertyName.adapt(key, '.'))
			.toList();
	}

	/**
	 * The event of replacing one held configuration by another.
	 * @param source the component that applied the change
	 * @param before the configuration held before
	 * @param after the configuration held now
	 * @return the event
	 */
	public static ConfigChangeEvent between(Object source, HeldConfig before, HeldConfig after) {
		return new ConfigChangeEvent(source, after.target(), before.version(), after.version(),
				PropertyChange.between(before.properties(), after.properties()), after.source());
	}

	public ConfigTarget getTarget() {
		return this.target;
	}

	public long getOldVersion() {
		return this.oldVersion;
	}

	public long getNewVersion() {
		return this.newVersion;
	}

	/**
	 * Every changed property by key, sorted by key. Empty when a new version has the same
	 * properties.
	 * @return the changes, unmodifiable
	 */
	public Map<String, PropertyChange> getChanges() {
		return this.changes;
	}

	/**
	 * Where the new configuration comes from (named so as not to hide
	 * {@link #getSource()}, the component that published the event).
	 * @return the configuration source
	 */
	public ConfigSource getConfigSource() {
		return this.configSource;
	}

	/**
	 * The changed property names.
	 * @return the keys of {@link #getChanges()}, sorted, unmodifiable
	 */
	public Set<String> changedKeys() {
		return this.changes.keySet();
	}

	/**
	 * Whether a property was added, modified or deleted.
	 * @param key the property name
	 * @return whether it changed
	 */
	public boolean isChanged(String key) {
		return this.changes.containsKey(key);
	}

	/**
	 * Whether a property at or under a prefix changed, in relaxed-binding terms: a change
	 * of {@code sample.max-connections} is under {@code sample}, as a change of
	 * {@code sample.maxConnections} would be.
	 * @param prefix a property name such as the prefix of a
	 * {@code @ConfigurationProperties} bean
	 * @return whether a changed key is the prefix or one of its descendants
	 */
	public boolean isChangedUnder(String prefix) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		return this.changedNames.stream().anyMatch((key) -> root.equals(key) || root.isAncestorOf(key));
	}

	@Override
	public String toString() {
		return "ConfigChangeEvent[" + this.target + " " + this.oldVersion + " -> " + this.newVersion + ", "
				+ this.configSource + ", changed " + changedKeys() + "]";
	}

}
