package io.ratelab.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;

/**
 * Answers a request whose {@code Expect} holds anything but {@code 100-continue} (in any case) with 417 Expectation
 * Failed, as RFC 9110 §10.1.1 allows: the proxy cannot meet an expectation it does not know, and dropping it, as it
 * once did, forwarded a request whose sender asked for something nobody would do. In front of the limiting chain, so
 * the request is counted with the gate's refusals ({@code expectation-failed}), not in {@code received}. The answer
 * closes the connection (Undertow does so for every 417): a client that states an expectation may hold its body back
 * until it hears the answer, so the proxy could not know where the next request begins without waiting for a body
 * that may never come. Stateless; thread-safe.
 */
final class ExpectationHandler implements HttpHandler {

    private final HttpHandler next;
    private final ClientGate gate;

    ExpectationHandler(HttpHandler next, ClientGate gate) {
        this.next = next;
        this.gate = gate;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String unknown = unknownExpectation(exchange.getRequestHeaders().get(Headers.EXPECT));
        if (unknown == null) {
            next.handleRequest(exchange);
            return;
        }
        gate.count(ClientGate.Refused.EXPECTATION_FAILED);
        byte[] body = ("417 the proxy cannot meet the expectation \"" + printable(unknown)
                + "\"; only 100-continue is known\n").getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(417);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.setResponseContentLength(body.length);
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
    }

    /** The first expectation other than 100-continue among the Expect fields' list elements, or null. */
    static String unknownExpectation(HeaderValues expect) {
        if (expect == null) {
            return null;
        }
        for (String field : expect) {
            for (String element : field.split(",", -1)) {
                String e = element.trim();
                if (!e.equalsIgnoreCase("100-continue")) {
                    return e;
                }
            }
        }
        return null;
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return "expectation (417 unless 100-continue) -> " + next;
    }
}
