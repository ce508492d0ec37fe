package io.ratelab.proxy.admin;

import io.ratelab.scenario.FileFormats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import io.undertow.io.Receiver;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The admin listener's endpoints (loopback by default):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format 0.0.4 ({@link AdminTarget#prometheus()});</li>
 *   <li>{@code GET /config}: the settings in force as JSON ({@code ?format=yaml} for YAML);</li>
 *   <li>{@code PUT /config}: new settings as JSON or YAML, swapped in atomically; a bad one is refused with 400 and
 *       the message, and the old one stays. With an {@link AdminToken} it needs {@code Authorization: Bearer TOKEN}
 *       and is refused with 401 without it;</li>
 *   <li>{@code GET /healthz}: 200 {@code ok} while serving, 503 once shutting down.</li>
 * </ul>
 * No client can hold a thread: {@code /healthz}, {@code /metrics} and {@code GET /config} are answered on the IO
 * thread with non-blocking writes; a {@code PUT} body is read without blocking (at most {@value #MAX_BODY} bytes,
 * within {@code timeouts.adminBody}, else 408 and the connection is closed), and only then is it parsed and applied
 * on a task thread. So bodies held back by slow or hostile clients never delay a liveness probe or a scrape. Thread-safe.
 */
public final class AdminHandler implements HttpHandler {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_BODY = 1 << 20;

    private final AdminTarget<?> proxy;
    private final AdminToken token;
    /** How long a {@code PUT /config} body may take to arrive in full ({@code timeouts.adminBody}). */
    private final Duration bodyTimeout;

    /** Serves {@code proxy}'s endpoints; {@code token} is null when {@code PUT /config} needs none. */
    public AdminHandler(AdminTarget<?> proxy, AdminToken token, Duration bodyTimeout) {
        this.proxy = proxy;
        this.token = token;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        switch (path) {
            case "/metrics" -> {
                if (get) {
                    send(exchange, 200, PROMETHEUS, proxy.prometheus());
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
                    receiveConfig(exchange);
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

    /** Checks the token, then reads the body without blocking and hands it to a task thread. */
    private void receiveConfig(HttpServerExchange exchange) {
        if (token != null && !token.accepts(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
            proxy.countRefused();
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"ratelab admin\"");
            send(exchange, 401, TEXT, "config refused: PUT /config needs the header Authorization: Bearer TOKEN"
                    + " (the token in adminTokenFile)\n");
            return;
        }
        // runs on the exchange's IO thread, as do the receiver's callbacks: no race with them
        AtomicBoolean timedOut = new AtomicBoolean();
        XnioExecutor.Key deadline = exchange.getIoThread().executeAfter(() -> {
            timedOut.set(true);
            proxy.countRefused();
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            byte[] body = ("config refused: the body did not arrive in full within " + bodyTimeout.toMillis()
                    + " ms (timeouts.adminBody)\n").getBytes(StandardCharsets.UTF_8);
            exchange.setStatusCode(408);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
            exchange.getResponseSender().send(ByteBuffer.wrap(body), closing());
        }, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        Receiver receiver = exchange.getRequestReceiver();
        receiver.setMaxBufferSize(MAX_BODY);
        receiver.receiveFullBytes((ex, bytes) -> {
            deadline.remove();
            ex.dispatch(() -> putConfig(proxy, ex, new String(bytes, StandardCharsets.UTF_8)));
        }, (ex, error) -> {
            deadline.remove();
            if (timedOut.get()) {
                return;   // answered 408 and counted already
            }
            proxy.countRefused();
            ex.setPersistent(false);
            if (error instanceof Receiver.RequestToLargeException) {
                send(ex, 413, TEXT, "config refused: larger than " + MAX_BODY + " bytes\n");
            } else {
                IoUtils.safeClose(ex.getConnection());
            }
        });
    }

    /** After the answer is written, close the connection (the unread rest of the body is not drained). */
    private static IoCallback closing() {
        return new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                IoUtils.safeClose(ex.getConnection());
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                IoUtils.safeClose(ex.getConnection());
            }
        };
    }

    private static <S> void putConfig(AdminTarget<S> proxy, HttpServerExchange exchange, String text) {
        S settings;
        try {
            settings = proxy.parse(text);
        } catch (IllegalArgumentException e) {
            proxy.countRefused();
            send(exchange, 400, TEXT, "config refused, the previous one stays: " + e.getMessage() + "\n");
            return;
        }
        try {
            proxy.apply(settings);
            send(exchange, 200, "application/json", FileFormats.json().writeValueAsString(proxy.settings()) + "\n");
        } catch (IOException | RuntimeException e) {
            send(exchange, 400, TEXT, "config refused, the previous one stays: " + e.getMessage() + "\n");
        }
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
