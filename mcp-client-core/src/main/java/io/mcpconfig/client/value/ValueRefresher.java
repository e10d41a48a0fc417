package io.mcpconfig.client.value;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.TypeConverter;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.validation.CandidateCheck;
import io.mcpconfig.client.validation.CandidateSources;
import io.mcpconfig.client.validation.ConfigRejectedException;
import io.mcpconfig.protocol.SecretKeys;

/**
 * Keeps the {@code @Value} fields and methods of singleton beans up to date, as Apollo's
 * placeholder auto-update does: before a change is applied, the value of every
 * {@link ValueInjectionPoints point} whose keys it changes is resolved against the
 * candidate configuration and converted, with the bean factory's type converter, to the
 * member's type; one that cannot be resolved or converted refuses the whole change while
 * nothing has changed yet. Once the change is applied, the values that check made are
 * injected.
 */
public class ValueRefresher implements CandidateCheck, ConfigRefresher {

	private static final Log logger = LogFactory.getLog(ValueRefresher.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final ConfigurableEnvironment environment;

	private final ValueInjectionPoints points;

	private final AtomicReference<Checked> lastChecked = new AtomicReference<>();

	/**
	 * Creates the refresher.
	 * @param beanFactory the factory whose type converter (conversion service and property
	 * editors) converted the values at start-up
	 * @param environment the application's environment, with the live MCP property source
	 * @param points the points to keep up to date
	 */
	public ValueRefresher(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			ValueInjectionPoints points) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.points = points;
	}

	/**
	 * Resolves and converts the values a candidate configuration gives the points it
	 * concerns, and keeps them to inject once it is applied.
	 * @throws ConfigRejectedException naming the member, its bean, the changed keys it
	 * reads with their new values, and why
	 */
	@Override
	public void check(ConfigChangeEvent proposed, HeldConfig candidate) {
		List<ValueInjectionPoint> concerned = this.points.concernedBy(proposed);
		// A lazy bean not created yet takes the values when it is created: checked, nothing to inject.
		Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> notCreated = this.points
			.notCreatedConcernedBy(proposed);
		List<Injection> injections = List.of();
		if (!concerned.isEmpty() || !notCreated.isEmpty()) {
			CandidateSources sources = CandidateSources.of(this.environment, candidate);
			injections = resolve(concerned, this.points::keysOf, sources, proposed);
			resolve(List.copyOf(notCreated.keySet()), notCreated::get, sources, proposed);
		}
		this.lastChecked.set(new Checked(proposed, injections));
	}

	/**
	 * Injects the values of the points a change concerns: those its check made, else (a
	 * change undone) values resolved against the live configuration.
	 */
	@Override
	public void refresh(ConfigChangeEvent event) {
		Checked checked = this.lastChecked.get();
		List<Injection> injections = (checked != null && checked.change() == event) ? checked.injections()
				: resolve(this.points.concernedBy(event), this.points::keysOf, CandidateSources.live(this.environment),
						event);
		for (Injection injection : injections) {
			this.points.read(injection.point(), injection.keys());
			try {
				injection.point().inject(injection.value());
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("injecting " + injection.point() + " failed: " + ex.getMessage(), ex);
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Injected the new value of " + injection.point());
			}
		}
	}

	private List<Injection> resolve(List<ValueInjectionPoint> concerned,
			Function<ValueInjectionPoint, Set<ConfigurationPropertyName>> keysOf, CandidateSources sources,
			ConfigChangeEvent change) {
		ValuePlaceholders placeholders = new ValuePlaceholders(sources);
		// A new converter for each change: type converters are not thread-safe.
		TypeConverter converter = this.beanFactory.getTypeConverter();
		List<Injection> injections = new ArrayList<>(concerned.size());
		for (ValueInjectionPoint point : concerned) {
			ValuePlaceholders.Resolved resolved;
			try {
				resolved = placeholders.resolve(point.placeholder());
			}
			catch (IllegalArgumentException ex) {
				throw refusal(point, keysOf.apply(point), change, "cannot be resolved", ex);
			}
			try {
				Object value = converter.convertIfNecessary(resolved.value(), point.type().getType(), point.type());
				injections.add(new Injection(point, value, resolved.keys()));
			}
			catch (RuntimeException ex) {
				Set<ConfigurationPropertyName> read = new HashSet<>(keysOf.apply(point));
				resolved.keys().forEach((key) -> read.add(ValueInjectionPoints.name(key)));
				throw refusal(point, read, change, "cannot be converted to " + point.type().getResolvableType(), ex);
			}
		}
		return injections;
	}

	/**
	 * A refusal that names the point, what went wrong, the changed keys the point reads
	 * with their new values (secrets masked, also where the cause quotes them) and the
	 * cause.
	 */
	private static ConfigRejectedException refusal(ValueInjectionPoint point, Set<ConfigurationPropertyName> read,
			ConfigChangeEvent change, String problem, RuntimeException cause) {
		List<PropertyChange> changed = change.getChanges()
			.values()
			.stream()
			.filter((property) -> read.contains(ValueInjectionPoints.name(property.key())))
			.toList();
		String keys = changed.stream()
			.map((property) -> property.key() + ((property.newValue() != null)
					? "=" + SecretKeys.shown(property.key(), property.newValue()) : " (deleted)"))
			.collect(Collectors.joining(", "));
		String why = cause.getMessage();
		for (PropertyChange property : changed) {
			why = SecretKeys.masked(property.key(), property.newValue(), why);
		}
		return new ConfigRejectedException(
				"@Value(\"" + point.placeholder() + "\") " + point + " " + problem + " with " + keys + ": " + why, cause);
	}

	/** A converted value, the point it goes to and the keys its resolution read. */
	private record Injection(ValueInjectionPoint point, Object value, Set<String> keys) {
	}

	/** The values a check made, for the change it checked. */
	private record Checked(ConfigChangeEvent change, List<Injection> injections) {
	}

}
