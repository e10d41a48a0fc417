package io.mcpconfig.client.value;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.validation.CandidateSources;

/**
 * Notes, as each singleton is created, the fields and one-parameter methods Spring
 * injects from a {@code @Value} placeholder, and which keys each placeholder reads, so
 * that a change finds the points it concerns without looking at any other.
 * <p>
 * Only singletons: the refresh scope re-creates a {@code @RefreshScope} bean (its scoped
 * target) with the new values anyway, and a prototype gets them on its next creation;
 * holding on to those instances would also keep every one of them alive. A member whose
 * {@code @Value} is a SpEL expression ({@code #{...}}) is left alone, with one INFO line
 * per bean: what an expression depends on cannot be known without running it. A
 * {@code @Value} without placeholders reads no key and is not kept.
 */
public class ValueInjectionPoints implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(ValueInjectionPoints.class);

	private static final String SPEL_PREFIX = "#{";

	private final ConfigurableListableBeanFactory beanFactory;

	private final ConfigurableEnvironment environment;

	private final AtomicReference<Index> index = new AtomicReference<>(Index.EMPTY);

	// The members of lazy beans not created yet, by bean name: found once, not on every change.
	private final Map<String, List<ValueInjectionPoint>> notCreated = new ConcurrentHashMap<>();

	/**
	 * Creates the post-processor.
	 * @param beanFactory the factory whose bean definitions tell singletons apart
	 * @param environment the environment the placeholders resolved against at start-up
	 */
	public ValueInjectionPoints(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		// Before initialization the instance is the bean itself: a proxy made after it would
		// hide its fields.
		if (isSingleton(beanName) && AnnotationUtils.isCandidateClass(bean.getClass(), Value.class)) {
			record(beanName, bean);
		}
		return bean;
	}

	private boolean isSingleton(String beanName) {
		return !ScopedProxyUtils.isScopedTarget(beanName) && this.beanFactory.containsBeanDefinition(beanName)
				&& this.beanFactory.getMergedBeanDefinition(beanName).isSingleton();
	}

	private void record(String beanName, Object bean) {
		List<ValueInjectionPoint> found = new ArrayList<>();
		List<ValueInjectionPoint> spel = new ArrayList<>();
		scan(beanName, bean, bean.getClass(), found, spel);
		if (!spel.isEmpty()) {
			logger.info("Bean '" + beanName + "' keeps the values its @Value SpEL expressions gave it at start-up ("
					+ spel.stream().map(ValueInjectionPoint::member).collect(Collectors.joining(", "))
					+ "): value injection follows ${...} placeholders only");
		}
		if (!found.isEmpty()) {
			this.index.updateAndGet((current) -> current.with(keysRead(found)));
		}
	}

	/** The keys each point's placeholder reads now, of the points that read any. */
	private Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> keysRead(List<ValueInjectionPoint> points) {
		ValuePlaceholders placeholders = new ValuePlaceholders(CandidateSources.live(this.environment));
		Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> keys = new LinkedHashMap<>();
		for (ValueInjectionPoint point : points) {
			Set<String> read = placeholders.keysRead(point.placeholder());
			if (!read.isEmpty()) {
				keys.put(point, names(read));
			}
		}
		return keys;
	}

	/** The {@code @Value} members of a bean class, placeholders apart from SpEL; {@code bean} may be {@code null}. */
	private static void scan(String beanName, Object bean, Class<?> beanClass, List<ValueInjectionPoint> found,
			List<ValueInjectionPoint> spel) {
		for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
			ReflectionUtils.doWithLocalFields(type, (field) -> {
				String placeholder = placeholderOf(field);
				if (placeholder != null) {
					sort(ValueInjectionPoint.field(beanName, bean, field, placeholder), found, spel);
				}
			});
			ReflectionUtils.doWithLocalMethods(type, (method) -> {
				String placeholder = placeholderOf(method);
				// As Spring injects them: an overridden method once, in its most specific form.
				if (placeholder != null && method.getParameterCount() == 1 && !method.isBridge()
						&& method.equals(ClassUtils.getMostSpecificMethod(method, beanClass))) {
					sort(ValueInjectionPoint.method(beanName, bean, method, placeholder), found, spel);
				}
			});
		}
	}

	/** The {@code @Value} text of an instance member, {@code null} if it has none. */
	private static <M extends AnnotatedElement & Member> String placeholderOf(M member) {
		if (Modifier.isStatic(member.getModifiers())) {
			return null;
		}
		MergedAnnotation<Value> value = MergedAnnotations.from(member).get(Value.class);
		return value.isPresent() ? value.getString(MergedAnnotation.VALUE) : null;
	}

	private static void sort(ValueInjectionPoint point, List<ValueInjectionPoint> found,
			List<ValueInjectionPoint> spel) {
		(point.placeholder().contains(SPEL_PREFIX) ? spel : found).add(point);
	}

	/**
	 * The points a change concerns: those whose placeholder read one of its keys when it
	 * was last resolved, with relaxed names.
	 * @param change the change
	 * @return the points, each once
	 */
	List<ValueInjectionPoint> concernedBy(ConfigChangeEvent change) {
		Map<ConfigurationPropertyName, List<ValueInjectionPoint>> pointsOf = this.index.get().pointsOf();
		Set<ValueInjectionPoint> concerned = new LinkedHashSet<>();
		for (String key : change.changedKeys()) {
			concerned.addAll(pointsOf.getOrDefault(name(key), List.of()));
		}
		return List.copyOf(concerned);
	}

	/**
	 * The points of lazy singletons not created yet ({@code spring.main.lazy-initialization},
	 * {@code @Lazy}) whose placeholder reads one of a change's keys, with the keys each
	 * reads: such a bean is created later with the configuration of the moment, so a
	 * change must be checked against its members as against those of a bean that exists.
	 * Found from the bean's type, without creating it; only to check, never to inject.
	 * @param change the change
	 * @return the points with the keys they read now
	 */
	Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> notCreatedConcernedBy(ConfigChangeEvent change) {
		Set<ConfigurationPropertyName> changed = names(change.changedKeys());
		List<ValueInjectionPoint> points = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			if (this.beanFactory.containsSingleton(beanName) || ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
			if (!definition.isLazyInit() || !definition.isSingleton() || definition.isAbstract()
					|| this.beanFactory.isFactoryBean(beanName)) {
				continue;
			}
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type != null && AnnotationUtils.isCandidateClass(type, Value.class)) {
				points.addAll(this.notCreated.computeIfAbsent(beanName, (name) -> {
					List<ValueInjectionPoint> found = new ArrayList<>();
					scan(name, null, ClassUtils.getUserClass(type), found, new ArrayList<>());
					return List.copyOf(found);
				}));
			}
		}
		if (points.isEmpty()) {
			return Map.of(); // the usual case: no lazy bean waits, and the environment is not read
		}
		Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> concerned = new LinkedHashMap<>();
		keysRead(points).forEach((point, keys) -> {
			if (keys.stream().anyMatch(changed::contains)) {
				concerned.put(point, keys);
			}
		});
		return concerned;
	}

	/**
	 * The keys a point's placeholder read when it was last resolved.
	 * @param point the point
	 * @return the keys as property names
	 */
	Set<ConfigurationPropertyName> keysOf(ValueInjectionPoint point) {
		return this.index.get().keysOf().getOrDefault(point, Set.of());
	}

	/**
	 * Notes the keys a point's placeholder read when it was resolved again: a nested
	 * placeholder ({@code ${a.${b}}}, a default that is a placeholder) reads other keys
	 * once the keys it read changed.
	 * @param point the point
	 * @param keys the keys read
	 */
	void read(ValueInjectionPoint point, Set<String> keys) {
		Set<ConfigurationPropertyName> names = names(keys);
		if (!names.equals(keysOf(point))) {
			this.index.updateAndGet((current) -> current.with(Map.of(point, names)));
		}
	}

	static ConfigurationPropertyName name(String key) {
		return ConfigurationPropertyName.adapt(key, '.');
	}

	private static Set<ConfigurationPropertyName> names(Set<String> keys) {
		return keys.stream().map(ValueInjectionPoints::name).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Which keys each point reads, and the points each key is read by; replaced whole, so
	 * the applying thread reads it while a lazy singleton is recorded on another.
	 */
	private record Index(Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> keysOf,
			Map<ConfigurationPropertyName, List<ValueInjectionPoint>> pointsOf) {

		static final Index EMPTY = new Index(Map.of(), Map.of());

		Index with(Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> keys) {
			Map<ValueInjectionPoint, Set<ConfigurationPropertyName>> keysOf = new LinkedHashMap<>(this.keysOf);
			keysOf.putAll(keys);
			Map<ConfigurationPropertyName, List<ValueInjectionPoint>> pointsOf = new HashMap<>();
			keysOf.forEach((point, names) -> names
				.forEach((name) -> pointsOf.computeIfAbsent(name, (unused) -> new ArrayList<>()).add(point)));
			return new Index(Collections.unmodifiableMap(keysOf), Collections.unmodifiableMap(pointsOf));
		}

	}

}
