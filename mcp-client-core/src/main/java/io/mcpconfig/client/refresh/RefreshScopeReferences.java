package io.mcpconfig.client.refresh;

import java.util.IdentityHashMap;
import java.util.Map;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.cloud.context.scope.GenericScope;

/**
 * Lets an application with {@code @RefreshScope} beans be processed ahead of time (Spring
 * AOT: {@code spring-boot:process-aot}, native images, AOT on the JVM for a faster start).
 * Spring Cloud's scope rewrites each scoped proxy's bean definition to hold the scope
 * object itself as a constructor argument, which AOT cannot write as code, so processing
 * failed ("Failed to generate code for ...RefreshScope@..."), and Spring Cloud documents
 * refresh scope as unsupported with AOT. Here the argument becomes a reference to the
 * scope's bean, which resolves to the same object when the context starts, with or
 * without AOT.
 */
public final class RefreshScopeReferences implements BeanFactoryPostProcessor {

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		// the scopes rewrote the definitions when they post-processed the registry, before this runs
		Map<Object, String> scopes = new IdentityHashMap<>();
		for (String name : beanFactory.getBeanNamesForType(GenericScope.class, true, false)) {
			if (beanFactory.containsSingleton(name)) {
				scopes.put(beanFactory.getSingleton(name), name);
			}
		}
		if (scopes.isEmpty()) {
			return;
		}
		for (String name : beanFactory.getBeanDefinitionNames()) {
			for (ValueHolder argument : beanFactory.getBeanDefinition(name)
				.getConstructorArgumentValues()
				.getGenericArgumentValues()) {
				String scope = scopes.get(argument.getValue());
				if (scope != null) {
					argument.setValue(new RuntimeBeanReference(scope));
				}
			}
		}
	}

}
