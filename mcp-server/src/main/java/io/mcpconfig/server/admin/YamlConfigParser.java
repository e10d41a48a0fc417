package io.mcpconfig.server.admin;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.mcpconfig.server.release.ConfigDocuments;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Reads a YAML configuration into flat properties exactly as Spring Boot reads an
 * {@code application.yml}: {@code a.b.c} for nested keys, {@code a.b[0]} for lists,
 * an empty string for nulls and empty lists, scalars in their resolved form
 * ({@code yes} becomes {@code true}, {@code 0x10} becomes {@code 16}). Values without one
 * stable text form ({@code !!binary}, {@code !!timestamp}) are refused.
 */
final class YamlConfigParser {

	private static final String FORMAT = "YAML";

	private YamlConfigParser() {
	}

	/** One document: an overlay or a gray patch configures one thing. */
	static Map<String, String> parse(String yaml) {
		return parse(yaml, false, false).get(0).properties();
	}

	/**
	 * As {@link #parse}, but a key whose value is null ({@code ~}, {@code null} or nothing)
	 * keeps a {@code null} value: in a gray patch it removes the key. Write {@code ''} for
	 * an empty value.
	 */
	static Map<String, String> parsePatch(String yaml) {
		return parse(yaml, true, false).get(0).properties();
	}

	/**
	 * A whole configuration as Boot reads {@code application.yml}: documents separated by
	 * {@code ---}, each activated by {@code spring.config.activate.on-profile} or for all.
	 */
	static ConfigDocuments parseDocuments(String yaml) {
		return ProfileActivation.documents(parse(yaml, false, true));
	}

	private static List<ConfigDocuments.Document> parse(String yaml, boolean keepNulls, boolean manyDocuments) {
		Node root = requireMappings(yaml, manyDocuments);
		List<PropertySource<?>> loaded;
		try {
			loaded = new YamlPropertySourceLoader().load("request body",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException | RuntimeException ex) {
			throw translate(ex);
		}
		List<ConfigDocuments.Document> documents = new ArrayList<>();
		for (PropertySource<?> document : loaded) {
			Map<?, ?> source = (Map<?, ?>) document.getSource();
			Map<String, String> properties = new LinkedHashMap<>();
			source.forEach((key, value) -> properties.put(key.toString(), text(key.toString(), value)));
			documents.add(manyDocuments ? ProfileActivation.document(properties, (key) -> where(source.get(key)))
					: new ConfigDocuments.Document(null,
							ProfileActivation.unconditional(properties, (key) -> where(source.get(key)))));
		}
		if (documents.isEmpty()) {
			documents.add(new ConfigDocuments.Document(null, new LinkedHashMap<>()));
		}
		if (keepNulls) {
			Map<String, String> properties = documents.get(0).properties();
			List<String> nulls = new ArrayList<>();
			collectNullKeys((MappingNode) root, "", nulls);
			for (String key : nulls) {
				if (properties.containsKey(key)) {
					properties.put(key, null);
				}
			}
		}
		return documents;
	}

	/** Where a value was written, as Boot's loader tracked it. */
	private static String where(Object value) {
		if (value instanceof OriginTrackedValue tracked && tracked.getOrigin() instanceof TextResourceOrigin origin
				&& origin.getLocation() != null) {
			return "at line " + (origin.getLocation().getLine() + 1);
		}
		return "in the body";
	}

	/**
	 * A scalar as the configuration stores it. Only text, numbers and booleans have one
	 * stable text form: {@code toString()} of a {@code !!binary} array or a {@code !!timestamp}
	 * date would differ per publish or per JVM time zone.
	 */
	private static String text(String key, Object value) {
		Object scalar = (value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value;
		if (scalar == null) {
			return "";
		}
		if (scalar instanceof CharSequence || scalar instanceof Number || scalar instanceof Boolean) {
			return scalar.toString();
		}
		String type = (scalar instanceof byte[]) ? "!!binary"
				: (scalar instanceof java.util.Date) ? "!!timestamp" : scalar.getClass().getSimpleName();
		throw new ConfigParseException("invalid YAML: the value of '" + key + "' is a " + type
				+ " value; use text, numbers and booleans only (quote it to publish it as text)");
	}

	/**
	 * Spring Boot would turn a list or a scalar at the root into a {@code document} key; a
	 * configuration is mappings whose keys can all be flattened into names. Returns the first.
	 * @param manyDocuments whether documents after the first are read (empty ones are
	 * skipped, as Boot skips them) or refused
	 */
	private static Node requireMappings(String yaml, boolean manyDocuments) {
		// The default alias limit also refuses alias bombs before Boot's loader, which has none.
		Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(new DumperOptions()),
				new DumperOptions(), new LoaderOptions(), new TextDatesResolver());
		int count = 0;
		Node first = null;
		try {
			for (Node root : parser.composeAll(new StringReader(yaml))) {
				if (manyDocuments && Tag.NULL.equals(root.getTag())) {
					continue;
				}
				count++;
				first = (first != null) ? first : root;
				if (count > 1 && !manyDocuments) {
					throw refused(root, "a second document starts here; an overlay or a patch is one document");
				}
				if (!(root instanceof MappingNode)) {
					throw refused(root, "the root must be a mapping of keys to values, found a "
							+ root.getNodeId().name().toLowerCase());
				}
				requireNameableKeys(root, Collections.newSetFromMap(new IdentityHashMap<>()),
						Collections.newSetFromMap(new IdentityHashMap<>()));
			}
		}
		catch (YAMLException ex) {
			throw translate(ex);
		}
		if (count == 0) {
			throw new NoPropertiesException("invalid YAML: the document is empty; publish {} for an empty configuration");
		}
		return first;
	}

	/** The flat names of the keys whose value is null, as Boot names nested keys. */
	private static void collectNullKeys(MappingNode mapping, String prefix, List<String> into) {
		for (NodeTuple entry : mapping.getValue()) {
			if (entry.getKeyNode() instanceof ScalarNode key) {
				Node value = entry.getValueNode();
				if (Tag.NULL.equals(value.getTag())) {
					into.add(prefix + key.getValue());
				}
				else if (value instanceof MappingNode nested) {
					collectNullKeys(nested, prefix + key.getValue() + ".", into);
				}
			}
		}
	}

	/**
	 * Refuses what Spring Boot cannot flatten into property names: a null key (Boot fails
	 * on it), an empty key (the property has no name of its own), a {@code !!binary} or {@code !!timestamp} key (its text would be the array's
	 * identity, or depend on the time zone) and a collection that contains itself through an
	 * alias (Boot would recurse until its stack overflows). Each node is looked at once,
	 * however many aliases lead to it; nesting is bounded by SnakeYAML's depth limit.
	 * @param path the collections from the root to {@code node}
	 * @param done the nodes already looked at
	 */
	private static void requireNameableKeys(Node node, Set<Node> path, Set<Node> done) {
		if (path.contains(node)) {
			throw refused(node, "this collection contains itself through the alias *" + node.getAnchor()
					+ "; a configuration cannot contain itself");
		}
		if (!done.add(node)) {
			return;
		}
		path.add(node);
		if (node instanceof MappingNode mapping) {
			for (NodeTuple entry : mapping.getValue()) {
				Node key = entry.getKeyNode();
				if (Tag.NULL.equals(key.getTag())) {
					throw refused(key, "this key is null; a key must be text (quote it: \"~\" or \"null\")");
				}
				if (key instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
					// Boot would name its value after the parent alone, "a." (or "" at the root)
					throw refused(key, "this key is empty; a key must name something");
				}
				if (Tag.BINARY.equals(key.getTag()) || Tag.TIMESTAMP.equals(key.getTag())) {
					throw refused(key, "this key is a " + key.getTag().getValue().replace(Tag.PREFIX, "!!")
							+ " value; a key must be text");
				}
				requireNameableKeys(key, path, done);
				requireNameableKeys(entry.getValueNode(), path, done);
			}
		}
		else if (node instanceof SequenceNode sequence) {
			for (Node item : sequence.getValue()) {
				requireNameableKeys(item, path, done);
			}
		}
		path.remove(node);
	}

	private static ConfigParseException refused(Node node, String problem) {
		Mark start = node.getStartMark();
		return new ConfigParseException(FORMAT, start.getLine() + 1, start.getColumn() + 1, problem);
	}

	/** Resolves as Spring Boot's loader does: a plain date stays text, only {@code !!timestamp} is a date. */
	private static final class TextDatesResolver extends Resolver {

		@Override
		public void addImplicitResolver(Tag tag, Pattern regexp, String first, int limit) {
			if (!Tag.TIMESTAMP.equals(tag)) {
				super.addImplicitResolver(tag, regexp, first, limit);
			}
		}

	}

	private static ConfigParseException translate(Exception ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConfigParseException parse) {
				return parse;
			}
			if (cause instanceof MarkedYAMLException marked) {
				Mark mark = (marked.getProblemMark() != null) ? marked.getProblemMark() : marked.getContextMark();
				String problem = (marked.getProblem() != null) ? marked.getProblem() : marked.getContext();
				if (mark != null) {
					return new ConfigParseException(FORMAT, mark.getLine() + 1, mark.getColumn() + 1, problem);
				}
				return new ConfigParseException("invalid YAML: " + problem);
			}
		}
		return new ConfigParseException("invalid YAML: " + ex.getMessage());
	}

}
