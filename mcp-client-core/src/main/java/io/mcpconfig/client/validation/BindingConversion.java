package io.mcpconfig.client.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.GenericConverter;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.support.FormattingConversionService;
import org.springframework.util.ClassUtils;

/**
 * The conversion services Spring Boot binds {@code @ConfigurationProperties} beans with,
 * so that a candidate binds a value exactly when the application, started with it, would:
 * a user's {@code conversionService} bean alone if there is one; otherwise the
 * {@link ConfigurationPropertiesBinding @ConfigurationPropertiesBinding} converters and
 * formatters first, then the bean factory's conversion service, then Boot's shared
 * {@link ApplicationConversionService}.
 * <p>
 * These are the rules of Boot's {@code ConversionServiceDeducer}; it is package-private, and
 * no public API returns its choice, so they are written again here. Which beans count as
 * binding beans differs by line: Boot 3.5 and 4 take them through the public
 * {@code ApplicationConversionService.addBeans} with a qualifier (printers, parsers and
 * lambdas included), Boot 3.4, which lacks that method, takes qualified converters, generic
 * converters and formatters only.
 */
final class BindingConversion {

	private static final boolean QUALIFIED_ADD_BEANS = ClassUtils.hasMethod(ApplicationConversionService.class,
			"addBeans", FormatterRegistry.class, ListableBeanFactory.class, String.class);

	private BindingConversion() {
	}

	/**
	 * The conversion services to bind with, in the order the binder tries them.
	 * @param context the application context whose beans convert
	 * @return the services; empty when Boot would bind with its shared instance alone
	 */
	static List<ConversionService> of(ConfigurableApplicationContext context) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		String userService = ConfigurableApplicationContext.CONVERSION_SERVICE_BEAN_NAME;
		if (beanFactory.containsBean(userService) && beanFactory.isTypeMatch(userService, ConversionService.class)) {
			return List.of(beanFactory.getBean(userService, ConversionService.class));
		}
		List<ConversionService> services = new ArrayList<>();
		FormattingConversionService bindingBeans = new FormattingConversionService();
		DefaultConversionService.addCollectionConverters(bindingBeans);
		bindingBeans.addConverter(new CharSequenceAsString(bindingBeans));
		boolean hasBindingBeans = QUALIFIED_ADD_BEANS ? addBindingBeans(bindingBeans, beanFactory)
				: addBoot34BindingBeans(bindingBeans, beanFactory);
		if (hasBindingBeans) {
			services.add(bindingBeans);
		}
		if (beanFactory.getConversionService() != null) {
			services.add(beanFactory.getConversionService());
		}
		if (hasBindingBeans) {
			services.add(ApplicationConversionService.getSharedInstance());
		}
		return services;
	}

	private static boolean addBindingBeans(FormatterRegistry registry, ListableBeanFactory beanFactory) {
		return !ApplicationConversionService.addBeans(registry, beanFactory, ConfigurationPropertiesBinding.VALUE)
			.isEmpty();
	}

	private static boolean addBoot34BindingBeans(FormatterRegistry registry, ListableBeanFactory beanFactory) {
		String qualifier = ConfigurationPropertiesBinding.VALUE;
		var converters = BeanFactoryAnnotationUtils.qualifiedBeansOfType(beanFactory, Converter.class, qualifier);
		var genericConverters = BeanFactoryAnnotationUtils.qualifiedBeansOfType(beanFactory, GenericConverter.class,
				qualifier);
		var formatters = BeanFactoryAnnotationUtils.qualifiedBeansOfType(beanFactory, Formatter.class, qualifier);
		converters.values().forEach(registry::addConverter);
		genericConverters.values().forEach(registry::addConverter);
		formatters.values().forEach(registry::addFormatter);
		return !(converters.isEmpty() && genericConverters.isEmpty() && formatters.isEmpty());
	}

	/**
	 * Converts a {@link CharSequence} that is not a {@code String} (a config tree file's
	 * content, for one) through the binding beans' converters from {@code String}, unless
	 * they convert it directly, as Boot's own package-private converter of that service does.
	 */
	private static final class CharSequenceAsString implements ConditionalGenericConverter {

		private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

		private static final TypeDescriptor BYTE_ARRAY = TypeDescriptor.valueOf(byte[].class);

		private final ThreadLocal<Boolean> matching = new ThreadLocal<>();

		private final ConversionService service;

		CharSequenceAsString(ConversionService service) {
			this.service = service;
		}

		@Override
		public Set<ConvertiblePair> getConvertibleTypes() {
			return Set.of(new ConvertiblePair(CharSequence.class, Object.class));
		}

		@Override
		public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
			// Asking the service whether it converts the source directly comes back here.
			if (sourceType.getType() == String.class || Boolean.TRUE.equals(this.matching.get())) {
				return false;
			}
			this.matching.set(Boolean.TRUE);
			try {
				boolean viaStringIsBetter = (targetType.isArray() || targetType.isCollection())
						&& !targetType.equals(BYTE_ARRAY);
				if (this.service.canConvert(sourceType, targetType) && !viaStringIsBetter) {
					return false;
				}
				return this.service.canConvert(STRING, targetType);
			}
			finally {
				this.matching.remove();
			}
		}

		@Override
		public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
			return this.service.convert(source.toString(), STRING, targetType);
		}

	}

}
