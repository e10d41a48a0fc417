package io.mcpconfig.server.sync;

import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.ControlCharacters;

/**
 * Bounds on what an instance says about itself and on the reason of its NACK: the instance
 * registry keeps both (with etcd, in one record per instance, written in one request), the
 * admin API and the console list them, and every subscribe matches the labels against the
 * overlays' selectors. An {@link InstanceInfo} beyond a bound, or with a
 * {@link ControlCharacters control character} in its text (which the logs and the console
 * show), is refused {@code INVALID_ARGUMENT} naming the field; a reason beyond its bound
 * is kept shortened, and its control characters escaped, since it is the application's own
 * error message.
 */
final class InstanceInfoLimits {

	static final int MAX_ID_LENGTH = 256;

	static final int MAX_HOST_LENGTH = 256;

	static final int MAX_CLIENT_VERSION_LENGTH = 128;

	static final int MAX_LABELS = 64;

	static final int MAX_LABEL_KEY_LENGTH = 128;

	static final int MAX_LABEL_VALUE_LENGTH = 256;

	static final int MAX_PROFILES = 64;

	static final int MAX_PROFILE_LENGTH = 256;

	static final int MAX_REASON_LENGTH = 2048;

	private InstanceInfoLimits() {
	}

	/**
	 * @param instance what a {@code Subscribe} or a {@code Fetch} sent
	 * @throws StatusRuntimeException {@code INVALID_ARGUMENT} naming the field beyond its bound
	 * or with a control character
	 */
	static void check(InstanceInfo instance) {
		checkText("instance.instance_id", instance.getInstanceId(), MAX_ID_LENGTH);
		checkText("instance.host", instance.getHost(), MAX_HOST_LENGTH);
		checkText("instance.client_version", instance.getClientVersion(), MAX_CLIENT_VERSION_LENGTH);
		checkCount("instance.labels", instance.getLabelsCount(), MAX_LABELS);
		// a label's or profile's name is built only for the error: every subscribe of a
		// reconnect storm passes here
		for (Map.Entry<String, String> label : instance.getLabelsMap().entrySet()) {
			String key = label.getKey();
			if (!fits(key, MAX_LABEL_KEY_LENGTH)) {
				checkText("the key of instance.labels['" + ControlCharacters.escaped(shortened(key, 32)) + "']", key,
						MAX_LABEL_KEY_LENGTH);
			}
			String value = label.getValue();
			if (!fits(value, MAX_LABEL_VALUE_LENGTH)) {
				checkText("instance.labels['" + key + "']", value, MAX_LABEL_VALUE_LENGTH);
			}
		}
		List<String> profiles = instance.getProfilesList();
		checkCount("instance.profiles", profiles.size(), MAX_PROFILES);
		for (int i = 0; i < profiles.size(); i++) {
			if (!fits(profiles.get(i), MAX_PROFILE_LENGTH)) {
				checkText("instance.profiles[" + i + "]", profiles.get(i), MAX_PROFILE_LENGTH);
			}
		}
	}

	/**
	 * A NACK's reason as the registry keeps it and the log shows it: on one line, with its
	 * control characters escaped, and at most {@link #MAX_REASON_LENGTH} characters.
	 */
	static String reason(String reason) {
		return shortened(ControlCharacters.escaped(reason), MAX_REASON_LENGTH);
	}

	private static boolean fits(String value, int max) {
		return value.length() <= max && ControlCharacters.indexIn(value) < 0;
	}

	/** @throws StatusRuntimeException naming the field when the value does not {@link #fits fit} */
	private static void checkText(String field, String value, int max) {
		if (value.length() > max) {
			throw tooLong(field, value, max);
		}
		int control = ControlCharacters.indexIn(value);
		if (control >= 0) {
			throw invalid(field + " contains the control character " + ControlCharacters.name(value.charAt(control))
					+ " at index " + control + "; line breaks, control characters and bidirectional overrides are "
					+ "not allowed");
		}
	}

	private static void checkCount(String field, int count, int max) {
		if (count > max) {
			throw invalid(field + " has " + count + " entries, more than the " + max + " allowed");
		}
	}

	private static StatusRuntimeException tooLong(String field, String value, int max) {
		return invalid(field + " is " + value.length() + " characters long, more than the " + max + " allowed");
	}

	private static StatusRuntimeException invalid(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
	}

	private static String shortened(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
