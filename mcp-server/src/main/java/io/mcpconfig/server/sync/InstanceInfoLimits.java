package io.mcpconfig.server.sync;

import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.protocol.v1.InstanceInfo;

/**
 * Bounds on what an instance says about itself and on the reason of its NACK: the instance
 * registry keeps both (with etcd, in one record per instance, written in one request), the
 * admin API and the console list them, and every subscribe matches the labels against the
 * overlays' selectors. An {@link InstanceInfo} beyond a bound is refused
 * {@code INVALID_ARGUMENT} naming the field; a reason beyond its bound is kept shortened,
 * since it is the application's own error message.
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
	 */
	static void check(InstanceInfo instance) {
		length("instance.instance_id", instance.getInstanceId(), MAX_ID_LENGTH);
		length("instance.host", instance.getHost(), MAX_HOST_LENGTH);
		length("instance.client_version", instance.getClientVersion(), MAX_CLIENT_VERSION_LENGTH);
		count("instance.labels", instance.getLabelsCount(), MAX_LABELS);
		for (Map.Entry<String, String> label : instance.getLabelsMap().entrySet()) {
			length("the key of instance.labels['" + shortened(label.getKey(), 32) + "']", label.getKey(),
					MAX_LABEL_KEY_LENGTH);
			length("instance.labels['" + label.getKey() + "']", label.getValue(), MAX_LABEL_VALUE_LENGTH);
		}
		List<String> profiles = instance.getProfilesList();
		count("instance.profiles", profiles.size(), MAX_PROFILES);
		for (int i = 0; i < profiles.size(); i++) {
			length("instance.profiles[" + i + "]", profiles.get(i), MAX_PROFILE_LENGTH);
		}
	}

	/** A NACK's reason as the registry keeps it: at most {@link #MAX_REASON_LENGTH} characters. */
	static String reason(String reason) {
		return shortened(reason, MAX_REASON_LENGTH);
	}

	private static void length(String field, String value, int max) {
		if (value.length() > max) {
			throw invalid(field + " is " + value.length() + " characters long, more than the " + max + " allowed");
		}
	}

	private static void count(String field, int count, int max) {
		if (count > max) {
			throw invalid(field + " has " + count + " entries, more than the " + max + " allowed");
		}
	}

	private static StatusRuntimeException invalid(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
	}

	private static String shortened(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}
