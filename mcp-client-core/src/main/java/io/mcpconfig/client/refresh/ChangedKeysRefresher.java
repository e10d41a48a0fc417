package io.mcpconfig.client.refresh;

import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Refreshes beans with Spring Cloud Context: rebinds the {@code @ConfigurationProperties}
 * beans whose prefix covers a changed key (first giving those under a deleted key the
 * values they would start with now, {@link DeletedKeysReset}), tells {@link EnvironmentChangeEvent} listeners
 * (logging levels, for one) which keys changed, and refreshes the {@code @RefreshScope}
 * beans. Nothing is fetched again: the property source is already up to date.
 */
public class ChangedKeysRefresher implements ConfigRefresher {

	private final ConfigurableApplicationContext context;

	private final DeletedKeysReset deletedKeysReset;

	private final ObjectProvider<ConfigurationPropertiesRebinder> rebinder;

	private final ObjectProvider<RefreshScope> refreshScope;

	public ChangedKeysRefresher(ConfigurableApplicationContext context,
			ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope) {
		this.context = context;
		this.deletedKeysReset = new DeletedKeysReset(context);
		this.rebinder = rebinder;
		this.refreshScope = refreshScope;
	}

	@Override
	public void refresh(ConfigChangeEvent event) {
		Set<String> keys = event.changedKeys();
		this.rebinder.ifAvailable((rebinder) -> rebindMatching(rebinder, event));
		// The rebinder rebinds every bean on an event whose source is the context; with the
		// change event as source it leaves the beans alone, which were rebound selectively.
		this.context.publishEvent(new EnvironmentChangeEvent(event, keys));
		this.refreshScope.ifAvailable(RefreshScope::refreshAll);
	}

	private void rebindMatching(ConfigurationPropertiesRebinder rebinder, ConfigChangeEvent event) {
		for (String name : rebinder.getBeanNames()) {
			ConfigurationPropertiesBean bean = ConfigurationPropertiesBean.get(this.context, this.context.getBean(name),
					name);
			if (bean != null && event.isChangedUnder(bean.getAnnotation().prefix())) {
				this.deletedKeysReset.reset(bean, event, rebinder.getNeverRefreshable());
				rebinder.rebind(name);
			}
		}
	}

}
