package io.mcpconfig.client.validation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindConstructorProvider;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.validation.annotation.Validated;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Finds the application's {@code @ConfigurationProperties} beans from their definitions,
 * as Spring Boot reads them ({@code @Bean} method first, then class), never from their
 * instances: Boot's {@code ConfigurationPropertiesBean.get} refuses an instance that a
 * {@code BeanPostProcessor} of another library replaced with a wrapper, and one such bean
 * must not stand in the way of changes to keys that are not its own. Found once, and again
 * only when beans were added. The beans a change concerns are remembered for that change:
 * checking it and refreshing after it ask for the same ones.
 */
public final class PropertiesBeans {

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile Found found = new Found(-1, -1, List.of());

	private final AtomicReference<Concerned> lastConcerned = new AtomicReference<>();

	public PropertiesBeans(ConfigurableApplicationContext context) {
		this.beanFactory = context.getBeanFactory();
	}

	/**
	 * The beans whose prefix covers a key that a change sets, changes or deletes.
	 * @param change the change
	 * @return the beans concerned, in definition order
	 */
	public List<PropertiesBean> concernedBy(ConfigChangeEvent change) {
		List<PropertiesBean> all = all();
		Concerned last = this.lastConcerned.get();
		if (last != null && last.change() == change && last.among() == all) {
			return last.beans();
		}
		List<PropertiesBean> concerned = all.stream().filter((bean) -> bean.isConcernedBy(change)).toList();
		this.lastConcerned.set(new Concerned(change, all, concerned));
		return concerned;
	}

	/**
	 * Every {@code @ConfigurationProperties} bean of the context (not of its parents).
	 * @return the beans, in definition order
	 */
	public List<PropertiesBean> all() {
		Found current = this.found;
		int definitions = this.beanFactory.getBeanDefinitionCount();
		int singletons = this.beanFactory.getSingletonCount();
		if (current.definitions() != definitions || current.singletons() != singletons) {
			current = new Found(definitions, singletons, find());
			this.found = current;
		}
		return current.beans();
	}

	private List<PropertiesBean> find() {
		List<PropertiesBean> beans = new ArrayList<>();
		for (Iterator<String> names = this.beanFactory.getBeanNamesIterator(); names.hasNext();) {
			PropertiesBean bean = describe(names.next());
			if (bean != null) {
				beans.add(bean);
			}
		}
		return List.copyOf(beans);
	}

	private PropertiesBean describe(String name) {
		Method factoryMethod = null;
		Class<?> type;
		BeanDefinition definition = null;
		if (this.beanFactory.containsBeanDefinition(name)) {
			definition = this.beanFactory.getMergedBeanDefinition(name);
			if (definition.isAbstract() || !(definition instanceof RootBeanDefinition root)) {
				return null;
			}
			factoryMethod = root.getResolvedFactoryMethod();
			if (factoryMethod != null) {
				type = factoryMethod.getReturnType();
			}
			else if (root.getFactoryMethodName() == null && root.hasBeanClass()) {
				type = ClassUtils.getUserClass(root.getBeanClass());
			}
			else {
				return null; // a @Bean method not called yet: there is no bean to keep up to date
			}
		}
		else {
			Object singleton = this.beanFactory.getSingleton(name);
			if (singleton == null) {
				return null;
			}
			type = ClassUtils.getUserClass(singleton);
		}
		if (FactoryBean.class.isAssignableFrom(type)) {
			return null;
		}
		MergedAnnotation<ConfigurationProperties> annotation = find(factoryMethod, type, ConfigurationProperties.class);
		if (!annotation.isPresent()) {
			return null;
		}
		MergedAnnotation<Validated> validated = find(factoryMethod, type, Validated.class);
		Annotation[] annotations = validated.isPresent()
				? new Annotation[] { annotation.synthesize(), validated.synthesize() }
				: new Annotation[] { annotation.synthesize() };
		ResolvableType bindType = (factoryMethod != null) ? ResolvableType.forMethodReturnType(factoryMethod)
				: ResolvableType.forClass(type);
		Bindable<Object> target = Bindable.of(bindType)
			.withAnnotations(annotations)
			.withBindMethod(bindMethod(definition, factoryMethod, type));
		return new PropertiesBean(name, annotation.synthesize(), target, factoryMethod != null);
	}

	/** As Boot reads it: the {@code @Bean} method's annotation wins over its return type's. */
	private static <A extends Annotation> MergedAnnotation<A> find(Method factoryMethod, Class<?> type,
			Class<A> annotationType) {
		if (factoryMethod != null) {
			MergedAnnotation<A> onMethod = MergedAnnotations.from(factoryMethod, SearchStrategy.TYPE_HIERARCHY)
				.get(annotationType);
			if (onMethod.isPresent()) {
				return onMethod;
			}
		}
		return MergedAnnotations.from(type, SearchStrategy.TYPE_HIERARCHY).get(annotationType);
	}

	/**
	 * A {@code @Bean} method's instance is bound as a JavaBean; Boot records the bind method
	 * of the beans it registers itself on their definitions; any other class is a value
	 * object when it has a bind constructor, as Boot deduces it.
	 */
	private static BindMethod bindMethod(BeanDefinition definition, Method factoryMethod, Class<?> type) {
		if (factoryMethod != null) {
			return BindMethod.JAVA_BEAN;
		}
		if (definition != null && definition.getAttribute(BindMethod.class.getName()) instanceof BindMethod recorded) {
			return recorded;
		}
		return (BindConstructorProvider.DEFAULT.getBindConstructor(type, false) != null) ? BindMethod.VALUE_OBJECT
				: BindMethod.JAVA_BEAN;
	}

	private record Found(int definitions, int singletons, List<PropertiesBean> beans) {
	}

	/** The beans one change concerns, among the beans found then (compared by identity: found again means asked again). */
	private record Concerned(ConfigChangeEvent change, List<PropertiesBean> among, List<PropertiesBean> beans) {
	}

}
