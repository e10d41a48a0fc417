package io.mcpconfig.client.config;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The live property source of the configuration an instance holds. Its content is one
 * immutable {@link HeldConfig} swapped atomically: reads never lock and always see one
 * whole release, never a mix of two.
 */
public class McpPropertySource extends EnumerablePropertySource<Object> {

	private final AtomicReference<HeldConfig> held;

	McpPropertySource(HeldConfig initial) {
		super(nameOf(initial.target()));
		this.held = new AtomicReference<>(initial);
	}

	/**
	 * The property source name of a target, e.g. {@code mcp:mcp-sample-app/dev}.
	 * @param target the target
	 * @return its property source name
	 */
	public static String nameOf(ConfigTarget target) {
		return "mcp:" + target;
	}

	/**
	 * The configuration currently served.
	 * @return the held configuration
	 */
	public HeldConfig held() {
		return this.held.get();
	}

	HeldConfig swap(HeldConfig next) {
		return this.held.getAndSet(next);
	}

	@Override
	public String[] getPropertyNames() {
		return this.held.get().properties().keySet().toArray(String[]::new);
	}

	@Override
	public Object getProperty(String name) {
		return this.held.get().properties().get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.held.get().properties().containsKey(name);
	}

}
