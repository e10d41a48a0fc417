package io.mcpconfig.server.store;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
		// the tree a reader parses: numbers are whole and times text (StoredJson), so a value
		// and the same value written and parsed back print alike
		ObjectNode tree = mapper.valueToTree(document);
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
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			// written straight into the digest: a large release is neither copied nor held as bytes
			try (JsonGenerator json = CANONICAL
				.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
				json.writeStartObject();
				for (String name : names(tree)) {
					if (!name.equals(FIELD) && !besides.contains(name)) {
						json.writeFieldName(name);
						write(json, tree.get(name));
					}
				}
				json.writeEndObject();
			}
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException | IOException ex) {
			throw new IllegalStateException("cannot digest a release document", ex);
		}
	}

	/** A node as compact JSON, every object's fields in name order. */
	private static void write(JsonGenerator json, JsonNode node) throws IOException {
		if (node.isObject()) {
			json.writeStartObject();
			for (String name : names(node)) {
				json.writeFieldName(name);
				write(json, node.get(name));
			}
			json.writeEndObject();
		}
		else if (node.isArray()) {
			json.writeStartArray();
			for (JsonNode element : node) {
				write(json, element);
			}
			json.writeEndArray();
		}
		else {
			json.writeTree(node);
		}
	}

	private static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		names.sort(null);
		return names;
	}

}
