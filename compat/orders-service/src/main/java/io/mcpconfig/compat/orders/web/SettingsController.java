package io.mcpconfig.compat.orders.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.mcpconfig.compat.orders.settings.Greeter;
import io.mcpconfig.compat.orders.settings.OrdersSettings;
import io.mcpconfig.compat.orders.settings.ReceivedChanges;

/** The service's configuration as it sees it now: {@code /settings}, {@code /greeting}, {@code /events}. */
@RestController
public class SettingsController {

	private final OrdersSettings settings;

	private final Greeter greeter;

	private final ReceivedChanges receivedChanges;

	public SettingsController(OrdersSettings settings, Greeter greeter, ReceivedChanges receivedChanges) {
		this.settings = settings;
		this.greeter = greeter;
		this.receivedChanges = receivedChanges;
	}

	@GetMapping("/settings")
	public OrdersSettings settings() {
		return settings;
	}

	@GetMapping("/greeting")
	public String greeting() {
		return greeter.greeting();
	}

	@GetMapping("/events")
	public List<ReceivedChanges.Received> events() {
		return receivedChanges.all();
	}

}
