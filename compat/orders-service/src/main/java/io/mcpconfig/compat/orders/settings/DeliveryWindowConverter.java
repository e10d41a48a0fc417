package io.mcpconfig.compat.orders.settings;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code orders.delivery-window}: a converter for configuration properties only. */
@Component
@ConfigurationPropertiesBinding
public class DeliveryWindowConverter implements Converter<String, DeliveryWindow> {

	@Override
	public DeliveryWindow convert(String source) {
		return DeliveryWindow.parse(source);
	}

}
