package io.mcpconfig.client.config;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The live property source of the configuration an instance holds. Its content is one
 * immutable {@link HeldConfig} swapped atomically: reads never lock and always see one
 * whole release, never a mix of two.
 */
public class McpPropertySource extends EnumerablePropertySource<Object> {

	private final AtomicReference<Content> content;

	McpPropertySource(HeldConfig initial) {
		super(nameOf(initial.target()));
		this.content = new AtomicReference<>(new Content(initial));
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
		return this.content.get().held();
	}

	HeldConfig swap(HeldConfig next) {
		return this.content.getAndSet(new Content(next)).held();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * The same array until the next swap: Boot compares it with the last one it saw on
	 * every lookup, which an identical array answers at once.
	 */
	@Override
	public String[] getPropertyNames() {
		return this.content.get().names();
	}

	@Override
	public Object getProperty(String name) {
		return this.content.get().lookup().get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.content.get().lookup().containsKey(name);
	}

	/**
	 * A configuration, its property names and a {@link HashMap} of its properties, swapped
	 * together. Every {@code Environment} lookup that reaches this source ends here; a
	 * {@code HashMap} compares the stored hash before the key, where the held immutable
	 * map calls {@code equals} on every key it probes, which made a lookup about three
	 * times slower than one in Boot's own {@code application.yml} source (ReadPathBenchmark).
	 * Never changed after it is built, and published by the swap.
	 */
	private record Content(HeldConfig held, String[] names, Map<String, String> lookup) {

		Content(HeldConfig held) {
			this(held, held.properties().keySet().toArray(String[]::new), new HashMap<>(held.properties()));
		}

	}

}
