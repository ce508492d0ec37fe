package io.ratelab.proxy.upstream;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;

/**
 * Builds the request sent upstream and copies the upstream's response head back, with RFC 9110 §7.6.1 hop-by-hop
 * handling: {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Authenticate}, {@code Proxy-Authorization} and every field
 * the {@code Connection} header names are not forwarded in either direction; nor is {@code Expect} (the proxy answers
 * 100-continue itself). Upstream requests are HTTP/1.1
 * keep-alive whatever the client spoke; the client's {@code Host} is kept (for a request in absolute form it is the
 * target's authority, set by the proxy's AbsoluteTargetHandler).
 *
 * <p>{@code X-Forwarded-For} gets the TCP peer appended to whatever the client sent (as nginx's
 * {@code $proxy_add_x_forwarded_for}); {@code X-Forwarded-Proto} is the scheme the proxy received, unless a trusted
 * proxy already set it. Stateless; called on IO threads.
 */
final class ForwardedHeaders {

    private static final HttpString PROXY_CONNECTION = new HttpString("Proxy-Connection");
    private static final HttpString[] HOP_BY_HOP = {Headers.CONNECTION, Headers.KEEP_ALIVE, PROXY_CONNECTION,
            Headers.TE, Headers.TRAILER, Headers.TRANSFER_ENCODING, Headers.UPGRADE, Headers.PROXY_AUTHENTICATE,
            Headers.PROXY_AUTHORIZATION, Headers.EXPECT};
    private static final String CHUNKED = Headers.CHUNKED.toString();

    private ForwardedHeaders() {
    }

    /**
     * Writes the upstream request head for {@code exchange} into {@code out}: request line with {@code pathPrefix}
     * (the upstream URL's path, "" for none), forwarded fields, and {@code Transfer-Encoding: chunked} when
     * {@code chunkedBody} (a body of unknown length that the caller will chunk).
     */
    static ByteBuffer requestHead(HttpServerExchange exchange, String pathPrefix, String defaultHost,
                                  TrustedProxies trusted, boolean chunkedBody, HeadBuffer out) {
        out.clear().put(exchange.getRequestMethod()).put(' ');
        targetPath(exchange, pathPrefix, out);
        out.put(" HTTP/1.1").crlf();
        HeaderMap in = exchange.getRequestHeaders();
        HttpString[] named = connectionNamed(in);
        boolean host = false;
        boolean proto = false;
        for (long f = in.fastIterateNonEmpty(); f != -1L; f = in.fiNextNonEmpty(f)) {
            HeaderValues values = in.fiCurrent(f);
            HttpString name = values.getHeaderName();
            if (isHopByHop(name) || contains(named, name) || Headers.X_FORWARDED_FOR.equals(name)) {
                continue;
            }
            if (Headers.X_FORWARDED_PROTO.equals(name)) {
                if (!trusted.contains(peerAddress(exchange))) {
                    continue;
                }
                proto = true;
            }
            host |= Headers.HOST.equals(name);
            for (int i = 0; i < values.size(); i++) {
                out.field(name, values.get(i));
            }
        }
        if (!host) {
            out.field(Headers.HOST, defaultHost);
        }
        String peer = ClientAddress.peerText(exchange);
        HeaderValues prior = in.get(Headers.X_FORWARDED_FOR);
        out.field(Headers.X_FORWARDED_FOR, prior == null || prior.isEmpty() ? peer : join(prior) + ", " + peer);
        if (!proto) {
            out.field(Headers.X_FORWARDED_PROTO, exchange.getRequestScheme());
        }
        if (chunkedBody) {
            out.field(Headers.TRANSFER_ENCODING, CHUNKED);
        }
        return out.crlf().flip();
    }

    /** Adds the upstream's response fields to the client's response, except hop-by-hop ones. */
    static void copyResponse(ResponseHead head, HeaderMap client) {
        for (int i = 0; i < head.count; i++) {
            HttpString name = head.names[i];
            if (!isHopByHop(name) && !head.namedByConnection(i)) {
                client.add(name, head.values[i]);
            }
        }
    }

    private static java.net.InetAddress peerAddress(HttpServerExchange exchange) {
        return exchange.getSourceAddress() == null ? null : exchange.getSourceAddress().getAddress();
    }

    private static boolean isHopByHop(HttpString name) {
        for (HttpString h : HOP_BY_HOP) {
            if (h.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(HttpString[] names, HttpString name) {
        if (names == null) {
            return false;
        }
        for (HttpString n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The field names a {@code Connection} header lists, or {@code null} (the usual case). */
    private static HttpString[] connectionNamed(HeaderMap headers) {
        HeaderValues connection = headers.get(Headers.CONNECTION);
        if (connection == null || connection.isEmpty()) {
            return null;
        }
        String[] tokens = join(connection).split(",");
        HttpString[] names = new HttpString[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i].trim();
            names[i] = t.isEmpty() ? Headers.CONNECTION : HttpString.tryFromString(t);
        }
        return names;
    }

    private static void targetPath(HttpServerExchange exchange, String prefix, HeadBuffer out) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("//");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        out.put(prefix).put(uri);
        String query = exchange.getQueryString();
        if (!query.isEmpty()) {
            out.put('?').put(query);
        }
    }

    private static String join(HeaderValues values) {
        return values.size() == 1 ? values.getFirst() : String.join(", ", values);
    }
}
