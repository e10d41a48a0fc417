package io.mcpconfig.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The MCP Config center: admin HTTP API on {@code server.port}, gRPC on {@code grpc.server.port}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class McpServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(McpServerApplication.class, args);
	}

}
