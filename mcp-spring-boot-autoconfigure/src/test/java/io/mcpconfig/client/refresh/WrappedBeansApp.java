package io.mcpconfig.client.refresh;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An application whose {@code @ConfigurationProperties} beans are wrapped the way real
 * applications wrap them: a Hikari {@code DataSource} bound to
 * {@code spring.datasource.hikari} and wrapped by datasource-proxy (as
 * datasource-micrometer and the datasource-proxy starter do), a properties bean replaced
 * by a JDK proxy of its interface, and one advised by Spring AOP (a CGLIB subclass).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(WrappedBeansApp.AdvisedProperties.class)
class WrappedBeansApp {

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:h2:mem:wrapped-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	@Bean
	@ConfigurationProperties("wrapped")
	NamedProperties wrappedProperties() {
		return new NamedProperties();
	}

	@Bean
	static BeanPostProcessor wrappers() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource dataSource) {
					return ProxyDataSourceBuilder.create(dataSource).name("wrapped").build();
				}
				if (bean instanceof NamedProperties properties) {
					return Proxy.newProxyInstance(WrappedBeansApp.class.getClassLoader(), new Class<?>[] { Named.class },
							(proxy, method, args) -> method.invoke(properties, args));
				}
				if (bean instanceof AdvisedProperties && !AopUtils.isAopProxy(bean)) {
					ProxyFactory factory = new ProxyFactory(bean);
					factory.setProxyTargetClass(true);
					return factory.getProxy();
				}
				return bean;
			}
		};
	}

	/** Runs a query through the live (wrapped) pool. */
	static int selectOne(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	interface Named {

		String getName();

	}

	public static class NamedProperties implements Named {

		private String name = "unset";

		@Override
		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	@ConfigurationProperties("advised")
	public static class AdvisedProperties {

		private String name = "unset";

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
