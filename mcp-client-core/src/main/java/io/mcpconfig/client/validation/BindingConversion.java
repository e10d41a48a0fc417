package io.mcpconfig.client.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.format.support.FormattingConversionService;

/**
 * The conversion services Spring Boot binds {@code @ConfigurationProperties} beans with,
 * so that a candidate binds a value exactly when the application, started with it, would:
 * a user's {@code conversionService} bean alone if there is one; otherwise the
 * {@link ConfigurationPropertiesBinding @ConfigurationPropertiesBinding} converters and
 * formatters first, then the bean factory's conversion service, then Boot's shared
 * {@link ApplicationConversionService}.
 * <p>
 * These are the rules of Boot's {@code ConversionServiceDeducer}, the same in Boot 3.5 and
 * 4.0; it is package-private, and no public API returns its choice, so they are written
 * again here around Boot's public {@link ApplicationConversionService#addBeans}.
 */
final class BindingConversion {

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
		boolean hasBindingBeans = !ApplicationConversionService
			.addBeans(bindingBeans, beanFactory, ConfigurationPropertiesBinding.VALUE)
			.isEmpty();
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
