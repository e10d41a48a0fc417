package io.mcpconfig.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.mcpconfig.cli.McpctlRun.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class with a real center of its own for all its tests, and mcpctl pointed at it as admin. */
abstract class WithRunningCenter {

	@TempDir
	static Path work;

	static RunningCenter center;

	@BeforeAll
	static void startCenter() {
		center = new RunningCenter(work.resolve("data"));
	}

	@AfterAll
	static void stopCenter() {
		center.close();
	}

	/** mcpctl with the center and the admin token in its environment. */
	static McpctlRun asAdmin() {
		return McpctlRun.in(work).env("MCP_SERVER", center.url()).env("MCP_TOKEN", center.adminToken);
	}

	static Result mcpctl(String... args) throws IOException, InterruptedException {
		return asAdmin().run(args);
	}

	static Path file(String name, String content) throws IOException {
		return Files.writeString(work.resolve(name), content);
	}

}
