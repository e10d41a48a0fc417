package io.mcpconfig.client.refresh;

import java.lang.reflect.Proxy;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.validation.CandidateBinding;
import io.mcpconfig.client.validation.PropertiesBean;
import io.mcpconfig.client.validation.PropertiesBeans;

/**
 * Refreshes beans with Spring Cloud Context: rebinds, in place, the
 * {@code @ConfigurationProperties} beans whose prefix covers a changed key (first giving
 * those under a deleted key the values they would start with now,
 * {@link DeletedKeysReset}), tells {@link EnvironmentChangeEvent} listeners which keys
 * changed, and refreshes the {@code @RefreshScope} beans. Nothing is fetched again: the
 * property source is already up to date.
 * <p>
 * Only the beans a change concerns are looked at. Of those, one that cannot be rebound in
 * place is skipped with a log line, never refused: a class listed in
 * {@code spring.cloud.refresh.never-refreshable} (a Hikari pool by default), or an
 * instance that another library's {@code BeanPostProcessor} replaced with a wrapper of
 * another type (a proxied {@code DataSource}). The rebind is Spring Cloud 4's on every
 * line (destroy and initialize the same instance), not Spring Cloud 5's, which resets a
 * whole bean to its class's defaults and loses values set in code or by a {@code @Bean}
 * method.
 */
public class ChangedKeysRefresher implements ConfigRefresher {

	private static final Log logger = LogFactory.getLog(ChangedKeysRefresher.class);

	private final ConfigurableApplicationContext context;

	private final PropertiesBeans beans;

	private final DeletedKeysReset deletedKeysReset;

	private final ObjectProvider<ConfigurationPropertiesRebinder> rebinder;

	private final ObjectProvider<RefreshScope> refreshScope;

	/**
	 * Creates the refresher.
	 * @param context the application context
	 * @param binding the binding that checked each change before it was applied: the
	 * beans it found concerned, and the instances it bound, serve again here
	 * @param rebinder Spring Cloud's rebinder, which lists the beans it may rebind
	 * @param refreshScope the refresh scope, if any
	 */
	public ChangedKeysRefresher(ConfigurableApplicationContext context, CandidateBinding binding,
			ObjectProvider<ConfigurationPropertiesRebinder> rebinder, ObjectProvider<RefreshScope> refreshScope) {
		this.context = context;
		this.beans = binding.beans();
		this.deletedKeysReset = new DeletedKeysReset(binding);
		this.rebinder = rebinder;
		this.refreshScope = refreshScope;
	}

	@Override
	public void refresh(ConfigChangeEvent event) {
		refresh(event, new ApplyTimings.Recorder());
	}

	@Override
	public void refresh(ConfigChangeEvent event, ApplyTimings.Recorder stages) {
		Set<String> keys = event.changedKeys();
		this.rebinder.ifAvailable((rebinder) -> rebindConcerned(rebinder, event));
		// The rebinder rebinds every bean on an event whose source is the context; with the
		// change event as source it leaves the beans alone, which were rebound selectively.
		this.context.publishEvent(new EnvironmentChangeEvent(event, keys));
		stages.mark(ApplyStage.REBOUND);
		this.refreshScope.ifAvailable(RefreshScope::refreshAll);
		stages.mark(ApplyStage.REFRESH_SCOPE_REFRESHED);
	}

	private void rebindConcerned(ConfigurationPropertiesRebinder rebinder, ConfigChangeEvent event) {
		// Spring Cloud's list leaves out @RefreshScope beans: the refresh scope renews those.
		Set<String> rebindable = rebinder.getBeanNames();
		for (PropertiesBean bean : this.beans.concernedBy(event)) {
			if (!rebindable.contains(bean.name())) {
				continue;
			}
			Object live = this.context.getBean(bean.name());
			Object target = AopUtils.isAopProxy(live) ? AopProxyUtils.getSingletonTarget(live) : live;
			String notInPlace = whyNotInPlace(bean, target, rebinder.getNeverRefreshable());
			if (notInPlace != null) {
				logger.info("Not rebinding @ConfigurationProperties bean '" + bean.name() + "' (" + notInPlace
						+ "): its changed keys under '" + bean.prefix() + "' apply at the next start");
				continue;
			}
			this.deletedKeysReset.reset(bean, target, event);
			rebind(bean.name(), target);
		}
	}

	private static String whyNotInPlace(PropertiesBean bean, Object target, Set<String> neverRefreshable) {
		if (target == null || !bean.type().isInstance(target)) {
			String wrapper = (target == null) ? "a proxy without target"
					: Proxy.isProxyClass(target.getClass()) ? "a JDK proxy" : ClassUtils.getShortName(target.getClass());
			return "the bean is " + wrapper + ", which wraps its " + ClassUtils.getShortName(bean.type());
		}
		if (bean.isValueObject()) {
			return ClassUtils.getShortName(bean.type()) + " is bound through its constructor";
		}
		String type = ClassUtils.getUserClass(target).getName();
		if (neverRefreshable.contains(type) || neverRefreshable.contains(bean.type().getName())) {
			return type + " is listed in spring.cloud.refresh.never-refreshable";
		}
		return null;
	}

	/** Binds the instance again, as Boot did at start-up: destroy callbacks, then binding and init callbacks. */
	private void rebind(String name, Object target) {
		AutowireCapableBeanFactory beanFactory = this.context.getAutowireCapableBeanFactory();
		beanFactory.destroyBean(target);
		beanFactory.initializeBean(target, name);
	}

}
