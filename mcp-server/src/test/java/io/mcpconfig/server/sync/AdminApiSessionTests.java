package io.mcpconfig.server.sync;

import io.grpc.ManagedChannel;
import io.mcpconfig.server.admin.AdminClient;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What tests share that change a started center through its admin API and watch real
 * gRPC sessions take it: an admin client and an admin channel, with a short ACK timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.sync.ack-timeout=500ms" })
@Import(GrpcServerPort.class)
@DirtiesContext
public abstract class AdminApiSessionTests extends StartedCenterTests {

	@LocalServerPort
	int httpPort;

	protected AdminClient admin;

	protected ManagedChannel channel;

	@BeforeEach
	void connect() {
		this.admin = new AdminClient(this.httpPort);
		this.channel = adminChannel();
	}

}
