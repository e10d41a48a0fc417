package io.mcpconfig.client.validation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * A {@code @ConfigurationProperties} bean of the application as its definition declares
 * it: enough to know which keys concern it and to bind a new instance of it, without the
 * live instance, which a proxy of another library may hide (a wrapped
 * {@code DataSource}).
 *
 * @param name the bean name
 * @param annotation its {@code @ConfigurationProperties}, from its {@code @Bean} method
 * or else its class
 * @param bindTarget the type to bind a new instance of, with the annotations Boot binds
 * it with ({@code @ConfigurationProperties}, {@code @Validated}) and its bind method
 * @param declaredByMethod whether a {@code @Bean} method creates it: its values then
 * come from the method as well as from binding
 */
public record PropertiesBean(String name, ConfigurationProperties annotation, Bindable<Object> bindTarget,
		boolean declaredByMethod) {

	/**
	 * The prefix of the keys bound to the bean.
	 * @return the prefix
	 */
	public String prefix() {
		return this.annotation.prefix();
	}

	/**
	 * The type bound.
	 * @return the declared type
	 */
	public Class<?> type() {
		return this.bindTarget.getType().resolve(Object.class);
	}

	/**
	 * Whether the bean is bound through its constructor: a value object that cannot change.
	 * @return whether it is a value object
	 */
	public boolean isValueObject() {
		return this.bindTarget.getBindMethod() == BindMethod.VALUE_OBJECT;
	}

	/**
	 * Whether a change sets, changes or deletes a key under the bean's prefix.
	 * @param change the change
	 * @return whether the bean binds a changed key
	 */
	public boolean isConcernedBy(ConfigChangeEvent change) {
		return change.isChangedUnder(prefix());
	}

}
