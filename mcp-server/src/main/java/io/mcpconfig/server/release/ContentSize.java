package io.mcpconfig.server.release;

import java.util.Collection;
import java.util.Map;

import io.mcpconfig.server.rollout.Gray;
import io.mcpconfig.server.rollout.Overlay;
import io.mcpconfig.server.rollout.Rollout;

/**
 * How large a release is: the UTF-8 bytes of the keys and values it holds, by part. This
 * is what a store writes (with its JSON around it) and what an instance receives at most,
 * whichever store holds it.
 *
 * @param own the target's own properties and profile documents
 * @param shared the shared layer below them
 * @param overlays every overlay
 * @param gray the gray release's patch and listed instances
 */
public record ContentSize(long own, long shared, long overlays, long gray) {

	/** The sizes of what {@code content} holds. */
	public static ContentSize of(ReleaseContent content) {
		Rollout rollout = content.rollout();
		long overlays = 0;
		for (Overlay overlay : rollout.overlays()) {
			overlays += ofMap(overlay.properties());
		}
		Gray gray = rollout.gray();
		long grayBytes = (gray != null)
				? ofMap(gray.patch().upserts()) + ofStrings(gray.patch().removals()) + ofStrings(gray.instances())
				: 0;
		return new ContentSize(of(content.documents()), (content.shared() != null) ? of(content.shared().documents()) : 0,
				overlays, grayBytes);
	}

	/** All parts together. */
	public long total() {
		return own + shared + overlays + gray;
	}

	private static long of(ConfigDocuments documents) {
		long bytes = ofMap(documents.properties());
		for (ProfileDocument document : documents.profiles()) {
			bytes += utf8Length(document.onProfile()) + ofMap(document.properties());
		}
		return bytes;
	}

	private static long ofMap(Map<String, String> properties) {
		long bytes = 0;
		for (Map.Entry<String, String> property : properties.entrySet()) {
			bytes += utf8Length(property.getKey()) + utf8Length(property.getValue());
		}
		return bytes;
	}

	private static long ofStrings(Collection<String> strings) {
		long bytes = 0;
		for (String string : strings) {
			bytes += utf8Length(string);
		}
		return bytes;
	}

	/**
	 * Bytes in UTF-8, counted without encoding. An unpaired surrogate counts 3, never fewer
	 * than any encoder writes for it.
	 */
	static long utf8Length(String text) {
		if (text == null) {
			return 0;
		}
		long bytes = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x800) {
				bytes += 2; // 3 bytes, or 4 for a surrogate pair's two chars
				if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
			}
			else if (c >= 0x80) {
				bytes += 1;
			}
		}
		return bytes;
	}

}
