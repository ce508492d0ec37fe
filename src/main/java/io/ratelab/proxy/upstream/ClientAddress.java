package io.ratelab.proxy.upstream;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Finds the client address a request's {@code ip} key uses.
 *
 * <p>The TCP peer is the client, unless the peer is a {@linkplain TrustedProxies trusted proxy}: then the
 * {@code X-Forwarded-For} list is walked from the right, skipping trusted hops, and the first untrusted address is
 * the client (nginx {@code real_ip_recursive on}). An entry that is not an address stops the walk at the hop to its
 * right. So a client that is not a trusted proxy cannot change its key by sending {@code X-Forwarded-For}.
 *
 * <p>The peer's text form is computed once per connection and cached on it. Thread-safe; called on IO threads.
 */
public final class ClientAddress {

    private static final AttachmentKey<Peer> PEER = AttachmentKey.create(Peer.class);

    private final TrustedProxies trusted;

    public ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** The client address for {@code exchange} as text (canonical numeric form). */
    public String of(HttpServerExchange exchange) {
        Peer peer = peer(exchange);
        if (trusted.isEmpty() || !trusted.contains(peer.address)) {
            return peer.text;
        }
        HeaderValues xff = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        if (xff == null || xff.isEmpty()) {
            return peer.text;
        }
        String client = peer.text;
        for (int v = xff.size() - 1; v >= 0; v--) {
            String[] hops = xff.get(v).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                InetAddress hop = TrustedProxies.numericOrNull(hops[i].trim());
                if (hop == null) {
                    return client;
                }
                client = hop.getHostAddress();
                if (!trusted.contains(hop)) {
                    return client;
                }
            }
        }
        return client;
    }

    /** The TCP peer's address text, cached on the connection. */
    static String peerText(HttpServerExchange exchange) {
        return peer(exchange).text;
    }

    private static Peer peer(HttpServerExchange exchange) {
        ServerConnection connection = exchange.getConnection();
        Peer peer = connection.getAttachment(PEER);
        if (peer == null) {
            InetSocketAddress source = exchange.getSourceAddress();
            InetAddress address = source == null ? null : source.getAddress();
            peer = new Peer(address, address == null ? "unknown" : address.getHostAddress());
            connection.putAttachment(PEER, peer);
        }
        return peer;
    }

    @Override
    public String toString() {
        return trusted.isEmpty() ? "peer address" : "peer address, X-Forwarded-For from " + trusted;
    }

    private record Peer(InetAddress address, String text) {
    }
}
