package io.ratelab.proxy;

import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Builds the request sent upstream and copies the upstream's response head back, with RFC 9110 §7.6.1 hop-by-hop
 * handling: {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Authenticate}, {@code Proxy-Authorization} and every field
 * the {@code Connection} header names are not forwarded in either direction; nor is {@code Expect} (the proxy answers
 * 100-continue itself). Upstream requests are HTTP/1.1
 * keep-alive whatever the client spoke; the client's {@code Host} is kept.
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

    /** The upstream request for {@code exchange}; {@code pathPrefix} is the upstream URL's path ("" for none). */
    static ClientRequest request(HttpServerExchange exchange, String pathPrefix, String defaultHost,
                                 TrustedProxies trusted) {
        ClientRequest request = new ClientRequest().setMethod(exchange.getRequestMethod())
                .setPath(targetPath(exchange, pathPrefix));
        HeaderMap in = exchange.getRequestHeaders();
        HeaderMap out = request.getRequestHeaders();
        HttpString[] named = connectionNamed(in);
        copy(in, out, named, false);
        if (!out.contains(Headers.HOST)) {
            out.put(Headers.HOST, defaultHost);
        }
        String peer = ClientAddress.peerText(exchange);
        HeaderValues prior = in.get(Headers.X_FORWARDED_FOR);
        out.put(Headers.X_FORWARDED_FOR, prior == null || prior.isEmpty() ? peer : join(prior) + ", " + peer);
        if (!(out.contains(Headers.X_FORWARDED_PROTO) && trusted.contains(
                exchange.getSourceAddress() == null ? null : exchange.getSourceAddress().getAddress()))) {
            out.put(Headers.X_FORWARDED_PROTO, exchange.getRequestScheme());
        }
        if (!exchange.isRequestComplete() && !out.contains(Headers.CONTENT_LENGTH)) {
            out.put(Headers.TRANSFER_ENCODING, CHUNKED);
        }
        return request;
    }

    /** Copies the upstream's response fields to the client's response, adding to fields already set. */
    static void copyResponse(HeaderMap upstream, HeaderMap client) {
        copy(upstream, client, connectionNamed(upstream), true);
    }

    private static void copy(HeaderMap from, HeaderMap to, HttpString[] connectionNamed, boolean add) {
        for (long f = from.fastIterateNonEmpty(); f != -1L; f = from.fiNextNonEmpty(f)) {
            HeaderValues values = from.fiCurrent(f);
            HttpString name = values.getHeaderName();
            if (isHopByHop(name) || contains(connectionNamed, name)) {
                continue;
            }
            if (add) {
                to.addAll(name, values);
            } else {
                to.putAll(name, values);
            }
        }
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

    private static String targetPath(HttpServerExchange exchange, String prefix) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("//");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        String query = exchange.getQueryString();
        if (prefix.isEmpty() && query.isEmpty()) {
            return uri;
        }
        StringBuilder b = new StringBuilder(prefix.length() + uri.length() + query.length() + 1);
        b.append(prefix).append(uri);
        if (!query.isEmpty()) {
            b.append('?').append(query);
        }
        return b.toString();
    }

    private static String join(HeaderValues values) {
        return values.size() == 1 ? values.getFirst() : String.join(", ", values);
    }
}
