package io.mcpconfig.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpconfig.server.store.ContentDigest;
import io.mcpconfig.server.store.StoredJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the stores' {@link ContentDigest} adds to writing and reading a release document
 * (JMH): a document shaped as a release file (a target, {@code keys} properties, a profile
 * document of a tenth of them, an overlay), written and read as the stores did before
 * ({@code plain}) and with the digest ({@code sealed}), side by side. Run with
 * {@code org.openjdk.jmh.Main ContentDigestBenchmark} on the module's class path
 * ({@code target/classpath.txt}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ContentDigestBenchmark {

	private static final ObjectMapper MAPPER = StoredJson.mapper().build();

	/** Properties in the release. */
	@Param({ "10", "1000", "10000" })
	public int keys;

	private Map<String, Object> document;

	private byte[] plainJson;

	private byte[] sealedJson;

	@Setup
	public void setUp() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		Map<String, String> profile = new LinkedHashMap<>();
		for (int k = 0; k < this.keys; k++) {
			properties.put("bench.group-" + (k % 50) + ".key-" + k, "value of key " + k);
			if (k % 10 == 0) {
				profile.put("bench.group-" + (k % 50) + ".key-" + k, "eu value " + k);
			}
		}
		this.document = new LinkedHashMap<>();
		this.document.put("format", 1);
		this.document.put("app", "orders");
		this.document.put("env", "prod");
		this.document.put("version", 42L);
		this.document.put("checksum", "5d41402abc4b2a76b9719d911017c592");
		this.document.put("publishedAt", "2026-12-03T20:00:00.123Z");
		this.document.put("properties", properties);
		this.document.put("profiles", List.of(Map.of("onProfile", "eu", "properties", profile)));
		this.document.put("rollout", Map.of("overlays", List.of(Map.of("name", "eu", "selector", Map.of("region", "eu"),
				"properties", Map.of("bench.pool", "20")))));
		this.plainJson = writePlain();
		this.sealedJson = writeSealed();
	}

	@Benchmark
	public byte[] writePlain() throws IOException {
		return MAPPER.writeValueAsBytes(this.document);
	}

	@Benchmark
	public byte[] writeSealed() throws IOException {
		return MAPPER.writeValueAsBytes(ContentDigest.seal(MAPPER, this.document, Set.of()));
	}

	@Benchmark
	public Object readPlain() throws IOException {
		return MAPPER.readValue(this.plainJson, Map.class);
	}

	@Benchmark
	public Object readSealed() throws IOException {
		ObjectNode tree = (ObjectNode) MAPPER.readTree(this.sealedJson);
		if (!ContentDigest.matches(tree, Set.of())) {
			throw new IllegalStateException("the digest does not match");
		}
		return MAPPER.treeToValue(tree, Map.class);
	}

}
