package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Makes a request in absolute form ({@code GET http://a.example/x HTTP/1.1}) carry the target's authority as its
 * {@code Host}, as RFC 9112 §3.2.2 requires of a server (it "MUST ignore the received Host header field ... and
 * instead use the host information of the request-target"), before anything reads the request: the key rules
 * ({@code header:Host}) and the forwarded request then see one host, the one the request line names, as nginx's
 * {@code $host} does. Before, the client's {@code Host} was kept while the path was taken from the target, so the
 * upstream and the limiter saw a host the request line did not name. An empty authority or one with userinfo
 * ({@code http://user@a.example/}) is invalid (RFC 9110 §4.2.1, §4.2.4): {@code 400}, counted as malformed, and the
 * connection closed. In front of the limiting chain; stateless; thread-safe.
 */
final class AbsoluteTargetHandler implements HttpHandler {

    private final HttpHandler next;
    private final ClientGate gate;

    AbsoluteTargetHandler(HttpHandler next, ClientGate gate) {
        this.next = next;
        this.gate = gate;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isHostIncludedInRequestURI()) {
            String authority = authority(exchange.getRequestURI());
            if (authority.isEmpty() || authority.indexOf('@') >= 0) {
                refuse(exchange, authority.isEmpty() ? "the request target has an empty authority"
                        : "the request target's authority has userinfo (name@host), which HTTP does not allow");
                return;
            }
            exchange.getRequestHeaders().put(Headers.HOST, authority);
        }
        next.handleRequest(exchange);
    }

    /** The authority of an absolute URI without its query: what lies between {@code "//"} and the next {@code '/'}. */
    static String authority(String absoluteUri) {
        int scheme = absoluteUri.indexOf("//");
        if (scheme < 0) {
            return "";
        }
        int end = absoluteUri.indexOf('/', scheme + 2);
        return absoluteUri.substring(scheme + 2, end < 0 ? absoluteUri.length() : end);
    }

    private void refuse(HttpServerExchange exchange, String why) {
        gate.count(ClientGate.Refused.MALFORMED);
        byte[] body = ("400 " + why + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(400);
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.setResponseContentLength(body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    @Override
    public String toString() {
        return "absolute-form target (Host from its authority) -> " + next;
    }
}
