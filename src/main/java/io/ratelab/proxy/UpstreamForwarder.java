package io.ratelab.proxy;

import io.ratelab.proxy.upstream.UpstreamPool;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The end of the chain: forwards the request to the one upstream over a pooled keep-alive connection owned by the
 * exchange's IO thread and streams the response back (see {@link UpstreamCall}). No worker threads: everything runs
 * on the IO thread that read the request. An unreachable upstream is answered 502, a timeout 504, a full connection
 * queue 503, each with a plain-text body that says so. Thread-safe.
 */
final class UpstreamForwarder implements ProxiedHandler {

    private final URI upstream;
    private final UpstreamPool pool;
    private final String pathPrefix;
    private final String hostHeader;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration bodyIdleTimeout;

    /**
     * @param upstream the upstream URL; its host is resolved once, here, so IO threads never look names up
     * @throws UnknownHostException when the upstream's host does not resolve
     */
    UpstreamForwarder(URI upstream, int ioThreads, int connectionsPerThread, int maxQueue, Duration connectTimeout,
                      Duration requestTimeout, Duration bodyIdleTimeout) throws UnknownHostException {
        this.upstream = upstream;
        int port = upstream.getPort() > 0 ? upstream.getPort() : 80;
        InetSocketAddress connectTo = new InetSocketAddress(InetAddress.getByName(upstream.getHost()), port);
        this.pool = new UpstreamPool(connectTo, ioThreads, connectionsPerThread, maxQueue, connectTimeout.toNanos(),
                requestTimeout.toNanos(), bodyIdleTimeout.toNanos());
        String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        this.pathPrefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.hostHeader = upstream.getHost() + (upstream.getPort() > 0 ? ":" + upstream.getPort() : "");
        this.requestTimeout = requestTimeout;
        this.connectTimeout = connectTimeout;
        this.bodyIdleTimeout = bodyIdleTimeout;
    }

    @Override
    public void handle(HttpServerExchange exchange, ProxiedRequest request) {
        exchange.dispatch(SameThreadExecutor.INSTANCE, new UpstreamCall(exchange, request, this));
    }

    URI upstream() {
        return upstream;
    }

    UpstreamPool pool() {
        return pool;
    }

    String pathPrefix() {
        return pathPrefix;
    }

    String hostHeader() {
        return hostHeader;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration bodyIdleTimeout() {
        return bodyIdleTimeout;
    }

    @Override
    public String toString() {
        return "forward(" + upstream + ", " + pool + ", connect " + connectTimeout.toMillis() + " ms, request "
                + requestTimeout.toMillis() + " ms)";
    }
}
