package io.mcpconfig.server.tls;

import javax.net.ssl.X509TrustManager;

/**
 * The gRPC port verifies client certificates against a renewed trust store from now on.
 * Connections already open were verified against the previous one: whoever holds them
 * checks their certificates again, so a client whose CA was removed does not keep its
 * session.
 *
 * @param bundle the SSL bundle's name
 * @param trust the renewed trust, as new handshakes apply it
 */
public record ClientTrustRenewed(String bundle, X509TrustManager trust) {
}
