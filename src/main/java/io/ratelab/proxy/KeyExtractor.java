package io.ratelab.proxy;

import io.ratelab.proxy.upstream.ClientAddress;
import io.ratelab.scenario.KeyRule;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.util.List;

/**
 * Computes a request's limiter key from a {@link KeyRule}. Built once per rule; stateless and thread-safe; runs on IO
 * threads, so it reads only what the exchange already holds (the peer's text is cached per connection).
 */
abstract class KeyExtractor {

    /** Value of a missing header part. */
    static final String ABSENT = "-";

    abstract String keyOf(HttpServerExchange exchange);

    static KeyExtractor of(KeyRule rule, ClientAddress clients) {
        List<KeyRule.Part> parts = rule.parts();
        if (parts.size() == 1) {
            return single(parts.get(0), clients);
        }
        KeyExtractor[] each = parts.stream().map(p -> single(p, clients)).toArray(KeyExtractor[]::new);
        return new KeyExtractor() {
            @Override
            String keyOf(HttpServerExchange exchange) {
                StringBuilder b = new StringBuilder(64);
                for (int i = 0; i < each.length; i++) {
                    b.append(i == 0 ? "" : "|").append(each[i].keyOf(exchange));
                }
                return b.toString();
            }
        };
    }

    private static KeyExtractor single(KeyRule.Part part, ClientAddress clients) {
        switch (part.kind()) {
            case GLOBAL:
                return new KeyExtractor() {
                    @Override
                    String keyOf(HttpServerExchange exchange) {
                        return "";
                    }
                };
            case IP:
                return new KeyExtractor() {
                    @Override
                    String keyOf(HttpServerExchange exchange) {
                        return clients.of(exchange);
                    }
                };
            case HEADER:
                HttpString name = HttpString.tryFromString(part.header());
                return new KeyExtractor() {
                    @Override
                    String keyOf(HttpServerExchange exchange) {
                        String v = exchange.getRequestHeaders().getFirst(name);
                        return v == null || v.isEmpty() ? ABSENT : v;
                    }
                };
            case ROUTE:
                return new KeyExtractor() {
                    @Override
                    String keyOf(HttpServerExchange exchange) {
                        return exchange.getRequestMethod().toString() + ' ' + exchange.getRequestPath();
                    }
                };
            default:
                throw new IllegalArgumentException("unknown key part " + part);
        }
    }
}
