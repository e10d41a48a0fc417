package io.mcpconfig.client.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.IgnoreErrorsBindHandler;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.protocol.SecretKeys;

/**
 * Binds {@code @ConfigurationProperties} beans into new instances of their declared
 * types, never into the live bean and without needing it ({@link PropertiesBeans}),
 * with the bean's own {@code ignoreInvalidFields} and {@code ignoreUnknownFields}, and
 * with JSR-303 validation when the bean is {@code @Validated} and a validator is
 * available, as Spring Boot binds it at start-up: before a candidate configuration is
 * applied, every bean whose prefix covers a changed key, against the application's
 * property sources with the candidate in place of the MCP one; after it is applied, a bean
 * against the live sources, to see what it holds when nothing sets a deleted key.
 * <p>
 * Binding goes through Boot's own adapters of the application's property sources
 * ({@link CandidateSources}). The instances a check bound are kept for that change: once
 * the change is applied, the live sources are the candidate's, and a new instance bound
 * then would be the same.
 */
public final class CandidateBinding implements CandidateCheck {

	private static final String JSR303_VALIDATOR = "jakarta.validation.Validator";

	// Spring Boot's name for a user's own validator of @ConfigurationProperties beans.
	private static final String PROPERTIES_VALIDATOR_BEAN = "configurationPropertiesValidator";

	private final ConfigurableApplicationContext context;

	private final PropertiesBeans beans;

	private final AtomicReference<Checked> lastChecked = new AtomicReference<>();

	public CandidateBinding(ConfigurableApplicationContext context, PropertiesBeans beans) {
		this.context = context;
		this.beans = beans;
	}

	/**
	 * The application's {@code @ConfigurationProperties} beans this binding binds.
	 * @return the beans
	 */
	public PropertiesBeans beans() {
		return this.beans;
	}

	/**
	 * Checks that the candidate binds.
	 * @param proposed the change the candidate makes
	 * @param candidate the configuration to check
	 * @throws ConfigRejectedException naming the key, value, bean and failure of the first
	 * bean that cannot bind
	 */
	@Override
	public void check(ConfigChangeEvent proposed, HeldConfig candidate) {
		List<PropertiesBean> concerned;
		try {
			concerned = this.beans.concernedBy(proposed);
		}
		catch (RuntimeException ex) {
			throw new ConfigRejectedException("cannot list the @ConfigurationProperties beans to check: " + ex, ex);
		}
		if (concerned.isEmpty()) {
			return;
		}
		Binder binder = binder(candidate);
		Map<String, Object> bound = new LinkedHashMap<>();
		for (PropertiesBean bean : concerned) {
			try {
				BindResult<Object> result = binder.bind(bean.prefix(), bean.bindTarget(), handler(bean));
				result.ifBound((instance) -> bound.put(bean.name(), instance));
			}
			catch (BindException ex) {
				throw new ConfigRejectedException(describe(bean, ex), ex);
			}
		}
		this.lastChecked.set(new Checked(proposed, Map.copyOf(bound)));
	}

	/**
	 * Binds a new instance of a bean's type against the live property sources.
	 * @param bean the bean whose type, prefix and binding settings to use
	 * @return the new instance: what the bean would hold if the application started now
	 * @throws ConfigRejectedException if the bean's type cannot bind the live configuration
	 */
	public Object bindNew(PropertiesBean bean) {
		return bindNew(bean, null);
	}

	/**
	 * A new instance of a bean's type bound against the live property sources, once a
	 * change checked by {@link #check} is applied: the instance the check bound, when it
	 * bound one for this bean, else a new one.
	 * @param bean the bean whose type, prefix and binding settings to use
	 * @param applied the change now applied, {@code null} if unknown
	 * @return the instance: what the bean would hold if the application started now; the
	 * caller must not change it
	 * @throws ConfigRejectedException if the bean's type cannot bind the live configuration
	 */
	public Object bindNew(PropertiesBean bean, ConfigChangeEvent applied) {
		Checked checked = this.lastChecked.get();
		if (applied != null && checked != null && checked.change() == applied
				&& checked.bound().containsKey(bean.name())) {
			return checked.bound().get(bean.name());
		}
		try {
			return binder(null).bindOrCreate(bean.prefix(), bean.bindTarget(), handler(bean));
		}
		catch (BindException ex) {
			throw new ConfigRejectedException(describe(bean, ex), ex);
		}
	}

	/**
	 * A binder over the application's property sources, with {@code candidate} in place of
	 * the MCP one if given, converting as Boot's binder of {@code @ConfigurationProperties}
	 * beans does.
	 */
	private Binder binder(HeldConfig candidate) {
		CandidateSources sources = CandidateSources.of(this.context.getEnvironment(), candidate);
		return new Binder(sources.adapted(), new PropertySourcesPlaceholdersResolver(sources.sources()),
				BindingConversion.of(this.context), this.context.getBeanFactory()::copyRegisteredEditorsTo, null, null);
	}

	private BindHandler handler(PropertiesBean bean) {
		ConfigurationProperties annotation = bean.annotation();
		BindHandler handler = new IgnoreTopLevelConverterNotFoundBindHandler();
		if (annotation.ignoreInvalidFields()) {
			handler = new IgnoreErrorsBindHandler(handler);
		}
		if (!annotation.ignoreUnknownFields()) {
			handler = new NoUnboundElementsBindHandler(handler, new UnboundElementsSourceFilter());
		}
		List<Validator> validators = validators(bean.bindTarget());
		if (!validators.isEmpty()) {
			handler = new ValidationBindHandler(handler, validators.toArray(Validator[]::new));
		}
		return handler;
	}

	private List<Validator> validators(Bindable<?> live) {
		List<Validator> validators = new ArrayList<>();
		if (this.context.containsBean(PROPERTIES_VALIDATOR_BEAN)) {
			validators.add(this.context.getBean(PROPERTIES_VALIDATOR_BEAN, Validator.class));
		}
		if (live.getAnnotation(Validated.class) != null
				&& ClassUtils.isPresent(JSR303_VALIDATOR, this.context.getClassLoader())) {
			Validator jsr303 = Jsr303.validator(this.context);
			if (jsr303 != null) {
				validators.add(jsr303);
			}
		}
		return validators;
	}

	private static String describe(PropertiesBean bean, BindException ex) {
		String where = "@ConfigurationProperties bean '" + bean.name() + "' (" + ClassUtils.getShortName(bean.type())
				+ ")";
		if (ex.getCause() instanceof BindValidationException invalid) {
			String errors = invalid.getValidationErrors()
				.getAllErrors()
				.stream()
				.map((error) -> error.getDefaultMessage() + " (" + error.getObjectName()
						+ ((error instanceof org.springframework.validation.FieldError field) ? "." + field.getField()
								+ " rejected " + SecretKeys.shown(field.getField(), field.getRejectedValue()) : "")
						+ ")")
				.collect(Collectors.joining("; "));
			return where + " is invalid: " + errors;
		}
		// The reason is logged, shown by the health endpoint and sent to the center: a
		// secret's value must not appear in it, not even quoted by a conversion error.
		ConfigurationProperty property = ex.getProperty();
		String name = (property != null) ? property.getName().toString() : ex.getName().toString();
		Object value = (property != null) ? property.getValue() : null;
		String key = (property != null) ? name + "=" + SecretKeys.shown(name, value) : name;
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return key + " cannot be bound to " + ex.getTarget().getType() + " in " + where + ": "
				+ SecretKeys.masked(name, value, cause.getMessage());
	}

	/** The instances a check bound, by bean name, for the change it checked. */
	private record Checked(ConfigChangeEvent change, Map<String, Object> bound) {
	}

	/** Kept apart so that nothing loads jakarta.validation classes when they are absent. */
	private static final class Jsr303 {

		static Validator validator(ConfigurableApplicationContext context) {
			jakarta.validation.Validator validator = context.getBeanProvider(jakarta.validation.Validator.class)
				.getIfUnique();
			return (validator != null) ? new SpringValidatorAdapter(validator) : null;
		}

	}

}
