package io.mcpconfig.testsupport.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to one upstream port that a test can cut: {@link #cut()} drops
 * every open connection and refuses new ones until {@link #restore()}. It breaks one
 * client's connection to etcd while other clients keep using etcd directly, and
 * {@link #switchTo(int)} puts another etcd in the place of the first, as restoring a
 * snapshot does.
 */
public final class TcpProxy implements AutoCloseable {

	private volatile int upstreamPort;

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final Thread acceptor;

	private volatile boolean cut;

	private TcpProxy(int upstreamPort) throws IOException {
		this.upstreamPort = upstreamPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "tcp-proxy-" + this.server.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** A proxy on a free loopback port that relays to {@code 127.0.0.1:upstreamPort}. */
	public static TcpProxy to(int upstreamPort) throws IOException {
		return new TcpProxy(upstreamPort);
	}

	/** {@code http://127.0.0.1:port} of the proxy, for a client's endpoint list. */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Drops all relayed connections and refuses new ones (they are accepted and closed). */
	public void cut() {
		this.cut = true;
		this.open.forEach(TcpProxy::closeQuietly);
		this.open.clear();
	}

	/**
	 * Drops every relayed connection and relays new ones to {@code 127.0.0.1:upstreamPort}
	 * from now on: to the client, the etcd behind the proxy is replaced.
	 */
	public void switchTo(int upstreamPort) {
		this.upstreamPort = upstreamPort;
		this.open.forEach(TcpProxy::closeQuietly);
		this.open.clear();
	}

	/** Relays new connections again. */
	public void restore() {
		this.cut = false;
	}

	@Override
	public void close() throws IOException {
		cut();
		this.server.close();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket downstream;
			try {
				downstream = this.server.accept();
			}
			catch (IOException ex) {
				return; // the server socket was closed
			}
			if (this.cut) {
				closeQuietly(downstream);
				continue;
			}
			try {
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.upstreamPort);
				this.open.add(downstream);
				this.open.add(upstream);
				relay(downstream, upstream);
				relay(upstream, downstream);
			}
			catch (IOException ex) {
				// the upstream refused: the client sees its connection closed
				closeQuietly(downstream);
			}
		}
	}

	private void relay(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-relay");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
