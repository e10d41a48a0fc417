package io.mcpconfig.server.store;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A SHA-256 digest of everything a stored release document holds, written into it as
 * {@value #FIELD}: a release's checksum covers its plain properties only (what the wire
 * verifies), so without it a damaged profile document, shared layer or overlay would be
 * served as it reads. The digest is taken over the document's JSON as it parses, with
 * every object's fields in name order, so it does not depend on how the document was
 * printed; a field a store keeps beside the release (the file store's audit entry) is
 * left out. A document written before the digest has none and is checked as before.
 */
public final class ContentDigest {

	/** The document's field that holds the digest. */
	public static final String FIELD = "contentDigest";

	private static final ObjectMapper CANONICAL = StoredJson.mapper().build();

	private ContentDigest() {
	}

	/**
	 * A document as a store writes it: its JSON, with the digest added.
	 * @param mapper the store's mapper
	 * @param document the document
	 * @param besides fields the digest leaves out
	 * @return the document's tree, digest included
	 * @throws IOException if the document cannot be written as JSON
	 */
	public static ObjectNode seal(ObjectMapper mapper, Object document, Set<String> besides) throws IOException {
		// parsed back, so the digest is taken over what a reader will parse
		ObjectNode tree = (ObjectNode) mapper.readTree(mapper.writeValueAsBytes(document));
		tree.put(FIELD, of(tree, besides));
		return tree;
	}

	/**
	 * Whether a document read back holds what was written.
	 * @param tree the document as read
	 * @param besides fields the digest left out
	 * @return {@code false} only for a document with a digest that its content does not match
	 */
	public static boolean matches(ObjectNode tree, Set<String> besides) {
		JsonNode digest = tree.get(FIELD);
		return digest == null || digest.asText().equals(of(tree, besides));
	}

	private static String of(ObjectNode tree, Set<String> besides) {
		ObjectNode content = JsonNodeFactory.instance.objectNode();
		names(tree).stream()
			.filter((name) -> !name.equals(FIELD) && !besides.contains(name))
			.forEach((name) -> content.set(name, sorted(tree.get(name))));
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(CANONICAL.writeValueAsBytes(content)));
		}
		catch (NoSuchAlgorithmException | IOException ex) {
			throw new IllegalStateException("cannot digest a release document", ex);
		}
	}

	private static JsonNode sorted(JsonNode node) {
		if (node.isObject()) {
			ObjectNode sorted = JsonNodeFactory.instance.objectNode();
			names(node).forEach((name) -> sorted.set(name, sorted(node.get(name))));
			return sorted;
		}
		if (node.isArray()) {
			ArrayNode sorted = JsonNodeFactory.instance.arrayNode(node.size());
			node.forEach((element) -> sorted.add(sorted(element)));
			return sorted;
		}
		return node;
	}

	private static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		names.sort(null);
		return names;
	}

}
