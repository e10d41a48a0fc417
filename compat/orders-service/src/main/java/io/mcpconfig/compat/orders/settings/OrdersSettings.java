package io.mcpconfig.compat.orders.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings bound from {@code orders.*}. A JavaBean, so that a change can rebind it in
 * place while the service runs.
 */
@ConfigurationProperties(prefix = "orders")
public class OrdersSettings {

	/** The largest quantity one order may ask for. */
	private int maxItems = 10;

	/** What {@code GET /greeting} answers. */
	private String greeting = "Hello";

	/** When orders are delivered, {@code HH:mm-HH:mm}. */
	private DeliveryWindow deliveryWindow = DeliveryWindow.parse("08:00-18:00");

	public int getMaxItems() {
		return maxItems;
	}

	public void setMaxItems(int maxItems) {
		this.maxItems = maxItems;
	}

	public String getGreeting() {
		return greeting;
	}

	public void setGreeting(String greeting) {
		this.greeting = greeting;
	}

	public DeliveryWindow getDeliveryWindow() {
		return deliveryWindow;
	}

	public void setDeliveryWindow(DeliveryWindow deliveryWindow) {
		this.deliveryWindow = deliveryWindow;
	}

}
