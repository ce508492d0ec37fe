package io.ratelab.proxy;

import io.ratelab.scenario.FileFormats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The admin listener's endpoints (loopback by default):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format 0.0.4 ({@link ProxyMetrics#prometheus()});</li>
 *   <li>{@code GET /config}: the {@link LimitSettings} in force as JSON ({@code ?format=yaml} for YAML);</li>
 *   <li>{@code PUT /config}: new settings as JSON or YAML, swapped in atomically; a bad one is refused with 400 and
 *       the message, and the old one stays;</li>
 *   <li>{@code GET /healthz}: 200 {@code ok} while serving, 503 once shutting down.</li>
 * </ul>
 * Admin work (parsing, rendering) runs on a task thread, never on an IO thread. Thread-safe.
 */
final class AdminHandler implements HttpHandler {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_BODY = 1 << 20;

    private final LimitingProxy proxy;

    AdminHandler(LimitingProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        String path = exchange.getRequestPath();
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        switch (path) {
            case "/metrics" -> {
                if (get) {
                    send(exchange, 200, PROMETHEUS, proxy.metrics().prometheus());
                } else {
                    notAllowed(exchange, "GET");
                }
            }
            case "/healthz" -> {
                if (get) {
                    send(exchange, proxy.isServing() ? 200 : 503, TEXT, proxy.isServing() ? "ok\n" : "stopping\n");
                } else {
                    notAllowed(exchange, "GET");
                }
            }
            case "/config" -> {
                if (get) {
                    getConfig(exchange);
                } else if (Methods.PUT.equals(exchange.getRequestMethod())) {
                    putConfig(exchange);
                } else {
                    notAllowed(exchange, "GET, PUT");
                }
            }
            default -> send(exchange, 404, TEXT, "not found; try /metrics, /config or /healthz\n");
        }
    }

    private void getConfig(HttpServerExchange exchange) throws IOException {
        boolean yaml = "yaml".equals(exchange.getQueryParameters().getOrDefault("format",
                new java.util.ArrayDeque<>()).peekFirst());
        String body = (yaml ? FileFormats.yaml() : FileFormats.json()).writeValueAsString(proxy.settings());
        send(exchange, 200, yaml ? "application/yaml" : "application/json", body.endsWith("\n") ? body : body + "\n");
    }

    private void putConfig(HttpServerExchange exchange) throws IOException {
        String text;
        try (InputStream in = exchange.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                proxy.countRefused();
                send(exchange, 413, TEXT, "config refused: larger than " + MAX_BODY + " bytes\n");
                return;
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        LimitSettings settings;
        try {
            if (text.isBlank()) {
                throw new IllegalArgumentException("the body is empty; send the settings as JSON or YAML");
            }
            settings = FileFormats.forText(text).readValue(text, LimitSettings.class);
            if (settings == null) {
                throw new IllegalArgumentException("the body holds no settings");
            }
        } catch (IOException | RuntimeException e) {
            proxy.countRefused();
            send(exchange, 400, TEXT, "config refused, the previous one stays: " + ConfigErrors.describe(e) + "\n");
            return;
        }
        try {
            proxy.apply(settings);
        } catch (RuntimeException e) {
            send(exchange, 400, TEXT, "config refused, the previous one stays: " + e.getMessage() + "\n");
            return;
        }
        send(exchange, 200, "application/json", FileFormats.json().writeValueAsString(proxy.settings()) + "\n");
    }

    private static void notAllowed(HttpServerExchange exchange, String allow) {
        exchange.getResponseHeaders().put(Headers.ALLOW, allow);
        send(exchange, 405, TEXT, "method not allowed; use " + allow + "\n");
    }

    private static void send(HttpServerExchange exchange, int status, String type, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "admin(/metrics, /config, /healthz)";
    }
}
