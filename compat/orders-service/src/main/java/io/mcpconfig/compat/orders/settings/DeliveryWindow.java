package io.mcpconfig.compat.orders.settings;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The hours orders are delivered in, written {@code 09:00-17:00}. It has no
 * {@code valueOf(String)} or {@code String} constructor on purpose: only the service's
 * {@link DeliveryWindowConverter} turns a property into one, as many real services do.
 */
public record DeliveryWindow(LocalTime opens, LocalTime closes) {

	public DeliveryWindow {
		if (!closes.isAfter(opens)) {
			throw new IllegalArgumentException("a delivery window closes after it opens: " + opens + "-" + closes);
		}
	}

	static DeliveryWindow parse(String text) {
		String[] bounds = text.trim().split("-");
		if (bounds.length != 2) {
			throw new IllegalArgumentException("a delivery window is written HH:mm-HH:mm, not '" + text + "'");
		}
		try {
			return new DeliveryWindow(LocalTime.parse(bounds[0].trim()), LocalTime.parse(bounds[1].trim()));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("a delivery window is written HH:mm-HH:mm, not '" + text + "'", ex);
		}
	}

	@JsonValue
	@Override
	public String toString() {
		return this.opens + "-" + this.closes;
	}

}
