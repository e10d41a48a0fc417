package io.mcpconfig.server.store.file;


import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.admin.AdminClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk space health check watches the file store's data directory, where a full disk
 * stops publishes, unless it is told otherwise or the store is etcd.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpc.server.port=0")
@DirtiesContext
class DataDirectoryDiskSpaceTests extends DataDirectoryTests {

	@LocalServerPort
	int port;

	@Test
	void theHealthOfTheDiskIsTheHealthOfTheDataDirectorysVolume() {
		JsonNode health = AdminClient.json(new AdminClient(this.port).get("/actuator/health"));
		assertThat(health.at("/components/diskSpace/details/path").asText())
			.isEqualTo(dataDir.toAbsolutePath().toString());
	}

	@Test
	void aPathOfTheUsersOrAnEtcdStoreIsLeftAlone() {
		DataDirectoryDiskSpace defaults = new DataDirectoryDiskSpace();
		MockEnvironment named = new MockEnvironment().withProperty("mcp.server.file.dir", "/data")
			.withProperty(DataDirectoryDiskSpace.PATH, "/elsewhere");
		defaults.postProcessEnvironment(named, new SpringApplication());
		assertThat(named.getProperty(DataDirectoryDiskSpace.PATH)).isEqualTo("/elsewhere");
		MockEnvironment etcd = new MockEnvironment().withProperty("mcp.server.file.dir", "/data")
			.withProperty("mcp.server.store", "etcd");
		defaults.postProcessEnvironment(etcd, new SpringApplication());
		assertThat(etcd.getProperty(DataDirectoryDiskSpace.PATH)).isNull();
	}

}
