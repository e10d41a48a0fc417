package io.mcpconfig.server.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request came from, for the audit log: the peer's address, and the first hop of
 * {@code X-Forwarded-For} only when the peer is one of the reverse proxies of
 * {@code mcp.server.audit.trusted-proxies}. Anyone else could write any address into
 * that header, so from them it is ignored.
 */
public final class TrustedProxies {

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	// literals only: a name would be looked up in DNS, at start-up or on every request
	private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	// an address, a bracketed IPv6 one, "unknown" or an obfuscated name (RFC 7239); nothing that could forge a log
	private static final Pattern HOP = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,64}");

	private final List<Network> proxies;

	/**
	 * @param proxies addresses or networks in CIDR notation
	 * @throws IllegalArgumentException naming an entry that is neither
	 */
	public TrustedProxies(List<String> proxies) {
		this.proxies = proxies.stream().map(Network::parse).toList();
	}

	/**
	 * Where a request came from.
	 * @param request the request
	 * @return the peer's address, with the forwarded client when the peer is trusted
	 */
	public AuditEntry.Origin originOf(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		return new AuditEntry.Origin(peer, isTrusted(peer) ? firstHop(request) : null);
	}

	private boolean isTrusted(String peer) {
		if (this.proxies.isEmpty()) {
			return false;
		}
		InetAddress address = literal(peer);
		return address != null && this.proxies.stream().anyMatch((proxy) -> proxy.contains(address));
	}

	private static String firstHop(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(X_FORWARDED_FOR);
		if (headers == null || !headers.hasMoreElements()) {
			return null;
		}
		String hop = headers.nextElement().split(",", 2)[0].trim();
		return HOP.matcher(hop).matches() ? hop : null;
	}

	/** The address an IP literal names, {@code null} for anything else (never a DNS lookup). */
	private static InetAddress literal(String text) {
		if (text == null || !(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** An address and how many of its leading bits a peer must share with it. */
	private record Network(byte[] address, int prefixBits) {

		static Network parse(String entry) {
			String text = entry.trim();
			int slash = text.indexOf('/');
			InetAddress address = literal((slash < 0) ? text : text.substring(0, slash));
			if (address == null) {
				throw new IllegalArgumentException("mcp.server.audit.trusted-proxies: '" + entry
						+ "' is not an IP address or network (10.0.0.5, 10.0.0.0/8, fd00::/8);"
						+ " host names are not resolved");
			}
			int bits = address.getAddress().length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException("mcp.server.audit.trusted-proxies: '" + entry
							+ "' has a prefix length that is not 0 to " + bits);
				}
			}
			return new Network(address.getAddress(), prefix);
		}

		boolean contains(InetAddress candidate) {
			byte[] bytes = candidate.getAddress();
			if (bytes.length != this.address.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefixBits; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((bytes[bit / 8] & mask) != (this.address[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
