package io.mcpconfig.client.refresh;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggerGroup;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * Keeps logger levels in step with the {@code logging.level.*} keys, as Boot sets them at
 * start-up: a level set or changed applies at once (to every member of a
 * {@code logging.group}), and a level removed goes back to what the application's own
 * configuration says, else to the logger's parent (the root logger to the level it had at
 * start, else {@code INFO}). A value that is not a level is refused before anything
 * changes. Works without Spring Cloud, whose {@code LoggingRebinder} sets levels but never
 * restores a removed one.
 */
public class LoggingLevels implements ConfigRefresher, ConfigChangeValidator {

	private static final String PREFIX = "logging.level";

	private static final Bindable<Map<String, LogLevel>> LEVELS = Bindable.mapOf(String.class, LogLevel.class);

	private final ConfigurableEnvironment environment;

	private final LoggingSystem loggingSystem;

	private final LoggerGroups groups;

	private final LogLevel rootAtStart;

	/**
	 * Creates the refresher.
	 * @param environment the application's environment, with the live MCP property source
	 * @param loggingSystem the logging system Boot configured
	 * @param groups the logger groups Boot read from {@code logging.group}, {@code null} for
	 * none
	 */
	public LoggingLevels(ConfigurableEnvironment environment, LoggingSystem loggingSystem, LoggerGroups groups) {
		this.environment = environment;
		this.loggingSystem = loggingSystem;
		this.groups = (groups != null) ? groups : new LoggerGroups();
		this.rootAtStart = rootLevelOfTheLoggingConfiguration();
	}

	/** The root level the logging configuration itself gave, when no property set it. */
	private LogLevel rootLevelOfTheLoggingConfiguration() {
		if (configuredLevels().keySet().stream().noneMatch(LoggingLevels::isRoot)) {
			LoggerConfiguration root = this.loggingSystem.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME);
			if (root != null && root.getEffectiveLevel() != null) {
				return root.getEffectiveLevel();
			}
		}
		return LogLevel.INFO;
	}

	@Override
	public void validate(ConfigChangeEvent proposed) {
		for (PropertyChange change : proposed.getChanges().values()) {
			if (loggerName(change.key()) != null && change.newValue() != null) {
				try {
					ApplicationConversionService.getSharedInstance().convert(change.newValue().trim(), LogLevel.class);
				}
				catch (ConversionException | IllegalArgumentException ex) {
					throw new ConfigRejectedException(change.key() + "=" + change.newValue() + " is not a log level (one of "
							+ Arrays.toString(LogLevel.values()) + ")", ex);
				}
			}
		}
	}

	@Override
	public void refresh(ConfigChangeEvent event) {
		Set<String> loggers = new LinkedHashSet<>();
		for (String key : event.changedKeys()) {
			String logger = loggerName(key);
			if (logger != null) {
				loggers.add(logger);
			}
		}
		if (loggers.isEmpty()) {
			return;
		}
		Map<String, LogLevel> configured = configuredLevels();
		for (String logger : loggers) {
			apply(logger, configured);
		}
	}

	private void apply(String logger, Map<String, LogLevel> configured) {
		LogLevel level = configured.get(logger);
		if (isRoot(logger)) {
			LogLevel root = (level != null) ? level : levelOfRootIn(configured);
			this.loggingSystem.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, root);
			return;
		}
		LoggerGroup group = this.groups.get(logger);
		if (group != null && group.hasMembers()) {
			// a group's level removed: each member goes back to its own
			for (String member : group.getMembers()) {
				this.loggingSystem.setLogLevel(member, (level != null) ? level : configured.get(member));
			}
			return;
		}
		this.loggingSystem.setLogLevel(logger, level);
	}

	/** Root under any spelling Boot accepts, else its level at start: a root logger has no parent to follow. */
	private LogLevel levelOfRootIn(Map<String, LogLevel> configured) {
		return configured.entrySet()
			.stream()
			.filter((entry) -> isRoot(entry.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.rootAtStart);
	}

	private Map<String, LogLevel> configuredLevels() {
		return Binder.get(this.environment).bind(PREFIX, LEVELS).orElse(Map.of());
	}

	private static String loggerName(String key) {
		return (key.startsWith(PREFIX + ".") && key.length() > PREFIX.length() + 1)
				? key.substring(PREFIX.length() + 1) : null;
	}

	private static boolean isRoot(String logger) {
		return LoggingSystem.ROOT_LOGGER_NAME.equalsIgnoreCase(logger);
	}

}
