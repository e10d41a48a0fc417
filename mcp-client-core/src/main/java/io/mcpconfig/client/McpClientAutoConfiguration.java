package io.mcpconfig.client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.local.OnConfigCenterCondition;
import io.mcpconfig.client.refresh.ChangedKeysRefresher;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.refresh.LoggingLevels;
import io.mcpconfig.client.session.SyncObserver;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.client.validation.PropertiesBeans;

/**
 * Runtime beans of the MCP Config client: the sync session that receives releases (not
 * in local-file mode, see {@code LocalFileAutoConfiguration}), the applier that checks
 * them against the {@code @ConfigurationProperties} beans and the
 * {@link ConfigChangeValidator}s and makes them live, the live {@code logging.level.*}
 * levels and, with Spring Cloud Context, the refresher of {@code @ConfigurationProperties}
 * and {@code @RefreshScope} beans. Active
 * only when {@code spring.config.import: "mcp:"} created the {@link McpConfigClient},
 * which the config data resolver hands to the context as the bean
 * {@code mcpConfigClient}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = McpClientProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean(McpConfigClient.class)
public class McpClientAutoConfiguration {

	/**
	 * The application's {@code @ConfigurationProperties} beans and their binding, shared by
	 * the check before a change and the refresh after it: each finds the beans a change
	 * concerns once, and binds them once.
	 */
	@Bean
	@ConditionalOnMissingBean
	public CandidateBinding mcpCandidateBinding(ConfigurableApplicationContext context) {
		return new CandidateBinding(context, new PropertiesBeans(context));
	}

	@Bean
	@ConditionalOnMissingBean
	public ConfigApplier mcpConfigApplier(McpConfigClient client, ConfigurableApplicationContext context,
			CandidateBinding binding, ObjectProvider<ConfigChangeValidator> validators,
			ObjectProvider<ConfigRefresher> refreshers) {
		return new ConfigApplier(client, context, new ChangeValidation(binding, validators), refreshers);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnConfigCenterCondition.class)
	public SyncSession mcpSyncSession(McpConfigClient client, ConfigApplier applier,
			ObjectProvider<SyncObserver> observers) {
		return new SyncSession(client, applier, observers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LoggingSystem.class)
	public LoggingLevels mcpLoggingLevels(ConfigurableEnvironment environment, LoggingSystem loggingSystem,
			ObjectProvider<LoggerGroups> groups) {
		return new LoggingLevels(environment, loggingSystem, groups.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RefreshScope.class, ConfigurationPropertiesRebinder.class })
	static class RefreshConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ChangedKeysRefresher mcpConfigRefresher(ConfigurableApplicationContext context, CandidateBinding binding,
				ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope) {
			return new ChangedKeysRefresher(context, binding, rebinder, refreshScope);
		}

	}

}
