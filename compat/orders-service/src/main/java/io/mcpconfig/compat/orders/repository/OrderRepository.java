package io.mcpconfig.compat.orders.repository;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code orders} table (schema.sql), on Boot's auto-configured {@code DataSource}. */
@Repository
public class OrderRepository {

	private static final Logger logger = LoggerFactory.getLogger(OrderRepository.class);

	private final JdbcClient jdbc;

	public OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Order> findAll() {
		List<Order> orders = this.jdbc.sql("SELECT id, item, quantity FROM orders ORDER BY id")
			.query(Order.class)
			.list();
		logger.trace("Read {} orders", orders.size());
		return orders;
	}

	public Order add(String item, int quantity) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO orders (item, quantity) VALUES (:item, :quantity)")
			.param("item", item)
			.param("quantity", quantity)
			.update(key, "id");
		Order order = new Order(key.getKey().longValue(), item, quantity);
		logger.debug("Stored {}", order);
		return order;
	}

}
