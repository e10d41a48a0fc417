package io.mcpconfig.testsupport.etcd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The test extension itself: real members that can be stopped, started and compacted. */
class EtcdClusterTests {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	@Test
	void membersServeOnLoopbackClientUrls() throws Exception {
		assertThat(etcd.clientEndpoints()).singleElement().asString().matches("http://127\\.0\\.0\\.1:\\d+");
		try (Client client = etcd.newClient()) {
			client.getKVClient().put(bytes("/extension-test/a"), bytes("1")).get(10, TimeUnit.SECONDS);
			assertThat(client.getKVClient().get(bytes("/extension-test/a")).get(10, TimeUnit.SECONDS).getKvs())
				.singleElement()
				.satisfies((kv) -> assertThat(kv.getValue()).isEqualTo(bytes("1")));
		}
		assertThat(etcd.leader()).isZero();
	}

	@Test
	void aStoppedMemberRefusesConnectionsAndKeepsItsDataWhenStartedAgain() throws Exception {
		try (Client client = etcd.newClient()) {
			client.getKVClient().put(bytes("/extension-test/kept"), bytes("yes")).get(10, TimeUnit.SECONDS);
		}
		etcd.stop(0);
		assertThat(etcd.isRunning(0)).isFalse();
		assertThatExceptionOfType(IOException.class).isThrownBy(this::connectToMember);

		etcd.start(0);

		try (Client client = etcd.newClient()) {
			assertThat(client.getKVClient().get(bytes("/extension-test/kept")).get(10, TimeUnit.SECONDS).getKvs())
				.singleElement()
				.satisfies((kv) -> assertThat(kv.getValue()).isEqualTo(bytes("yes")));
		}
	}

	@Test
	void compactRemovesOlderRevisions() throws Exception {
		try (Client client = etcd.newClient()) {
			long first = client.getKVClient()
				.put(bytes("/extension-test/c"), bytes("1"))
				.get(10, TimeUnit.SECONDS)
				.getHeader()
				.getRevision();
			client.getKVClient().put(bytes("/extension-test/c"), bytes("2")).get(10, TimeUnit.SECONDS);
			assertThat(etcd.compact()).isGreaterThan(first);
			assertThat(client.getKVClient()
				.get(bytes("/extension-test/c"), io.etcd.jetcd.options.GetOption.builder().withRevision(first).build())
				.handle((response, failure) -> failure)
				.get(10, TimeUnit.SECONDS)).hasMessageContaining("compacted");
		}
	}

	@Test
	void findsEtcdOnlyAsAnExecutableOnThePath(@TempDir Path dir) throws IOException {
		assertThat(EtcdCluster.findOnPath("etcd", dir.toString())).isEmpty();
		Path notExecutable = Files.createDirectories(dir.resolve("first"));
		Files.createFile(notExecutable.resolve("etcd"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
		Path installed = Files.createDirectories(dir.resolve("second"));
		Path fake = Files.createFile(installed.resolve("etcd"), PosixFilePermissions.asFileAttribute(
				PosixFilePermissions.fromString("rwxr-xr-x")));
		assertThat(EtcdCluster.findOnPath("etcd", "/nonexistent:" + notExecutable + ":" + installed)).contains(fake);
		assertThat(EtcdCluster.NOT_FOUND).contains("apt-get install -y etcd-server");
	}

	private void connectToMember() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", etcd.clientPort(0)), 1000);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, java.nio.charset.StandardCharsets.UTF_8);
	}

}
