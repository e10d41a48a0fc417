package io.mcpconfig.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The release stores a center can run on, as {@code mcp.server.store} names them. */
enum Store {

	/** Releases in fsynced files on local disk. */
	FILE,

	/** Releases in an etcd cluster, published by transaction and seen through a watch. */
	ETCD;

	/** The name used in {@code --stores=} and in {@code mcp.server.store}. */
	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Store of(String label) {
		return Arrays.stream(values())
			.filter((store) -> store.label().equals(label.trim()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown store '" + label + "' in --stores; use "
					+ Arrays.stream(values()).map(Store::label).collect(Collectors.joining(", "))));
	}

}
