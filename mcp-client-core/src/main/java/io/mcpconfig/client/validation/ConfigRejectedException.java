package io.mcpconfig.client.validation;

/**
 * The application refused a new configuration: a {@code @ConfigurationProperties} bean
 * cannot bind it, a {@link ConfigChangeValidator} vetoed it, or refreshing the beans
 * failed and the previous configuration was restored. The message says which key or bean
 * and why; it is the reason sent to the config center.
 */
public class ConfigRejectedException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param reason why the configuration is refused, naming the key or bean
	 */
	public ConfigRejectedException(String reason) {
		super(reason);
	}

	/**
	 * Creates an exception.
	 * @param reason why the configuration is refused, naming the key or bean
	 * @param cause the failure that refused it
	 */
	public ConfigRejectedException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
