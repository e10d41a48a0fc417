package io.mcpconfig.client.value;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * A field, or a method of one parameter, of a singleton bean that Spring injected from a
 * {@code @Value} placeholder: the bean instance itself (never a proxy of it), the
 * placeholder and the type its value converts to, generics included. Equal only to
 * itself: beans are compared by identity, never by their own {@code equals}.
 */
final class ValueInjectionPoint {

	private final String beanName;

	private final Object bean;

	private final Field field;

	private final Method method;

	private final String placeholder;

	private final TypeDescriptor type;

	private ValueInjectionPoint(String beanName, Object bean, Field field, Method method, String placeholder,
			TypeDescriptor type) {
		this.beanName = beanName;
		this.bean = bean;
		this.field = field;
		this.method = method;
		this.placeholder = placeholder;
		this.type = type;
	}

	static ValueInjectionPoint field(String beanName, Object bean, Field field, String placeholder) {
		ReflectionUtils.makeAccessible(field);
		return new ValueInjectionPoint(beanName, bean, field, null, placeholder, new TypeDescriptor(field));
	}

	static ValueInjectionPoint method(String beanName, Object bean, Method method, String placeholder) {
		ReflectionUtils.makeAccessible(method);
		return new ValueInjectionPoint(beanName, bean, null, method, placeholder,
				new TypeDescriptor(new MethodParameter(method, 0)));
	}

	/** The {@code @Value} text, such as {@code ${sample.greeting:Hello}}. */
	String placeholder() {
		return this.placeholder;
	}

	/** What the resolved text converts to: the field's type, or the method's parameter's. */
	TypeDescriptor type() {
		return this.type;
	}

	/**
	 * Sets the field, or calls the method, as Spring did at start-up: a plain field write,
	 * with no more visibility to other threads than the field's own declaration gives.
	 * @param value the converted value
	 */
	void inject(Object value) {
		if (this.field != null) {
			ReflectionUtils.setField(this.field, this.bean, value);
		}
		else {
			ReflectionUtils.invokeMethod(this.method, this.bean, value);
		}
	}

	/** The member alone: {@code field 'timeout'} or {@code method 'setTimeout'}. */
	String member() {
		return (this.field != null) ? "field '" + this.field.getName() + "'" : "method '" + this.method.getName() + "'";
	}

	/** Names the member and its bean, as refusal reasons and logs show it. */
	@Override
	public String toString() {
		return member() + " of bean '" + this.beanName + "'";
	}

}
