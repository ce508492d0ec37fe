package io.ratelab.proxy;

import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test upstream that records every request it receives (method, path with query, headers, body) and answers 200
 * {@code echo <body length>}, with response headers that include a field its {@code Connection} header names (which
 * the proxy must drop).
 */
public final class RecordingUpstream implements AutoCloseable {

    /** One received request. */
    public record Received(String method, String uri, HeaderMap headers, String body) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    public final AtomicInteger count = new AtomicInteger();
    private final Undertow server;
    private final int port;

    public RecordingUpstream() {
        server = Undertow.builder().setIoThreads(1).setWorkerThreads(4)
                .addHttpListener(0, "127.0.0.1", new BlockingHandler(exchange -> {
                    String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    HeaderMap copy = new HeaderMap();
                    exchange.getRequestHeaders().forEach(v -> copy.putAll(v.getHeaderName(), v));
                    String q = exchange.getQueryString();
                    count.incrementAndGet();
                    received.add(new Received(exchange.getRequestMethod().toString(),
                            exchange.getRequestURI() + (q.isEmpty() ? "" : "?" + q), copy, body));
                    exchange.getResponseHeaders().put(Headers.CONNECTION, "X-Resp-Hop");
                    exchange.getResponseHeaders().put(new HttpString("X-Resp-Hop"), "must not reach the client");
                    exchange.getResponseHeaders().put(new HttpString("X-Upstream"), "kept");
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("echo " + body.length());
                }))
                .build();
        server.start();
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public HostPort address() {
        return HostPort.parse("127.0.0.1:" + port);
    }

    @Override
    public void close() {
        server.stop();
    }
}
