package io.mcpconfig.compat.orders.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.mcpconfig.compat.orders.repository.Order;
import io.mcpconfig.compat.orders.repository.OrderRepository;
import io.mcpconfig.compat.orders.settings.OrdersSettings;

/** {@code /orders}: list and place orders, within {@code orders.max-items}. */
@RestController
public class OrdersController {

	private final OrderRepository repository;

	private final OrdersSettings settings;

	public OrdersController(OrderRepository repository, OrdersSettings settings) {
		this.repository = repository;
		this.settings = settings;
	}

	@GetMapping("/orders")
	public List<Order> list() {
		return repository.findAll();
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	public Order place(@RequestBody NewOrder order) {
		if (order.item() == null || order.item().isBlank() || order.quantity() < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"an order needs an item and a quantity of 1 or more");
		}
		if (order.quantity() > settings.getMaxItems()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"at most " + settings.getMaxItems() + " items per order");
		}
		return repository.add(order.item(), order.quantity());
	}

	/**
	 * The body of {@code POST /orders}.
	 *
	 * @param item what to order
	 * @param quantity how many
	 */
	public record NewOrder(String item, int quantity) {
	}

}
