package io.mcpconfig.client;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.logging.LoggerGroups;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.channel.ClientTlsRenewal;
import io.mcpconfig.client.channel.OnClientSslBundleCondition;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.listener.ConfigListenerMethods;
import io.mcpconfig.client.listener.McpConfigListener;
import io.mcpconfig.client.local.OnConfigCenterCondition;
import io.mcpconfig.client.refresh.ChangedKeysRefresher;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.refresh.LoggingLevels;
import io.mcpconfig.client.session.SyncObserver;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.snapshot.StartupSnapshot;
import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.CandidateCheck;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.client.validation.PropertiesBeans;
import io.mcpconfig.client.value.ValueInjectionPoints;
import io.mcpconfig.client.value.ValueRefresher;

/**
 * Runtime beans of the MCP Config client: the sync session that receives releases (not
 * in local-file mode, see {@code LocalFileAutoConfiguration}), the applier that checks
 * them against the {@code @ConfigurationProperties} beans and the
 * {@link ConfigChangeValidator}s and makes them live, the caller of
 * {@link McpConfigListener} methods, the live {@code logging.level.*} levels, with Spring
 * Cloud Context the refresher of {@code @ConfigurationProperties} and
 * {@code @RefreshScope} beans, and with {@code mcp.client.refresh.value-injection} the
 * refresher of the {@code @Value} members of singletons, and with an SSL bundle the
 * renewal of the channel's TLS. Active only when
 * {@code spring.config.import: "mcp:"} created the {@link McpConfigClient}, which the
 * config data resolver hands to the context as the bean {@code mcpConfigClient}. Every
 * bean here serves one context's client, environment and beans, so the conditions look
 * at the current context only: a child context (or the main one under Spring Cloud's
 * legacy bootstrap parent) that imports {@code mcp:} gets its own.
 */
// after Boot's SslAutoConfiguration, for its SslBundles
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnProperty(prefix = McpClientProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean(value = McpConfigClient.class, search = SearchStrategy.CURRENT)
public class McpClientAutoConfiguration {

	/**
	 * The application's {@code @ConfigurationProperties} beans and their binding, shared by
	 * the check before a change and the refresh after it: each finds the beans a change
	 * concerns once, and binds them once.
	 */
	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public CandidateBinding mcpCandidateBinding(ConfigurableApplicationContext context) {
		return new CandidateBinding(context, new PropertiesBeans(context));
	}

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public ConfigApplier mcpConfigApplier(McpConfigClient client, ConfigurableApplicationContext context,
			CandidateBinding binding, ObjectProvider<ValueRefresher> values,
			ObjectProvider<ConfigChangeValidator> validators, ObjectProvider<ConfigRefresher> refreshers) {
		List<CandidateCheck> checks = new ArrayList<>(List.of(binding));
		values.ifAvailable(checks::add);
		return new ConfigApplier(client, context, new ChangeValidation(checks, validators), refreshers);
	}

	/** Calls the {@link McpConfigListener} methods of the application's beans. */
	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public ConfigListenerMethods mcpConfigListeners(ConfigurableListableBeanFactory beanFactory) {
		return new ConfigListenerMethods(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	@Conditional(OnConfigCenterCondition.class)
	public SyncSession mcpSyncSession(McpConfigClient client, ConfigApplier applier,
			ObjectProvider<SyncObserver> observers) {
		return new SyncSession(client, applier, observers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	@Conditional(OnConfigCenterCondition.class)
	public StartupSnapshot mcpStartupSnapshot(McpConfigClient client, ConfigurableApplicationContext context) {
		return new StartupSnapshot(client, context);
	}

	/** Follows Boot's renewals of the channel's SSL bundle. */
	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	@ConditionalOnBean(SslBundles.class)
	@Conditional(OnClientSslBundleCondition.class)
	public ClientTlsRenewal mcpClientTlsRenewal(McpConfigClient client, SslBundles bundles) {
		return new ClientTlsRenewal(client.sslBundle().orElseThrow(), bundles);
	}

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	@ConditionalOnBean(LoggingSystem.class)
	public LoggingLevels mcpLoggingLevels(ConfigurableEnvironment environment, LoggingSystem loggingSystem,
			ObjectProvider<LoggerGroups> groups) {
		return new LoggingLevels(environment, loggingSystem, groups.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = McpClientProperties.PREFIX + ".refresh", name = "value-injection",
			havingValue = "true")
	static class ValueInjectionConfiguration {

		// Static: a post-processor is created before the configuration that declares it.
		@Bean
		static ValueInjectionPoints mcpValueInjectionPoints(ConfigurableListableBeanFactory beanFactory,
				ConfigurableEnvironment environment) {
			return new ValueInjectionPoints(beanFactory, environment);
		}

		@Bean
		@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
		ValueRefresher mcpValueRefresher(ConfigurableListableBeanFactory beanFactory,
				ConfigurableEnvironment environment, ValueInjectionPoints points) {
			return new ValueRefresher(beanFactory, environment, points);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RefreshScope.class, ConfigurationPropertiesRebinder.class })
	static class RefreshConfiguration {

		@Bean
		@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
		ChangedKeysRefresher mcpConfigRefresher(ConfigurableApplicationContext context, CandidateBinding binding,
				ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope) {
			return new ChangedKeysRefresher(context, binding, rebinder, refreshScope);
		}

	}

}
