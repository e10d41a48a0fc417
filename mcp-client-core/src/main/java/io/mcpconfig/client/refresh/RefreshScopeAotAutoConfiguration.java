package io.mcpconfig.client.refresh;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.context.scope.GenericScope;
import org.springframework.context.annotation.Bean;

/**
 * Lets {@code @RefreshScope} beans be processed ahead of time ({@link RefreshScopeReferences})
 * wherever the starter brings Spring Cloud's scope, whether the client is on or not: AOT
 * fixes the beans when the application is built, with whatever settings it is built with.
 */
@AutoConfiguration
@ConditionalOnClass(GenericScope.class)
public class RefreshScopeAotAutoConfiguration {

	// Static: a post-processor is created before the configuration that declares it.
	@Bean
	static RefreshScopeReferences mcpRefreshScopeReferences() {
		return new RefreshScopeReferences();
	}

}
