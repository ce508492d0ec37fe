package io.ratelab.proxy;

import io.ratelab.proxy.upstream.Deadlines;

import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What clients may hold of the proxy listener, shared by all its connections ({@link ProxyConfig.ClientLimits}): the
 * number of connections, in all and per IP address (checked when a connection is accepted; one over is answered 503
 * and closed), and the bytes of request heads that have begun and not ended ("in flight"). Only heads that did not
 * arrive whole in one read are counted — those are the ones a slow or malicious client holds open; when their total
 * passes the bound the connection holding the largest is answered 431 and closed (as Envoy's overload manager resets
 * the streams using the most memory). Each such head also has {@code timeouts.requestHead} to finish (408).
 *
 * <p>It also keeps the counts the admin port shows: connections open and refused, requests refused before the
 * limiting chain (malformed, too large, too slow, over the budget). Thread-safe: counts are atomics; each IO thread
 * has its own head deadlines.
 */
final class ClientGate {

    /** Why a request was answered by the gate, as the {@code reason} label of the refused-requests counter. */
    enum Refused {
        MALFORMED("malformed"), HEAD_TOO_LARGE("head-too-large"), HEAD_TIMEOUT("head-timeout"),
        HEADER_BUDGET("header-budget"), EXPECTATION_FAILED("expectation-failed");

        final String label;

        Refused(String label) {
            this.label = label;
        }
    }

    private final ProxyConfig.ClientLimits limits;
    private final long headTimeoutNanos;
    private final Predicate<InetAddress> exempt;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong headerBytes = new AtomicLong();
    private final Set<ClientConnection> unfinishedHeads = ConcurrentHashMap.newKeySet();
    private final LongAdder refusedMaxConnections = new LongAdder();
    private final LongAdder refusedPerAddress = new LongAdder();
    private final LongAdder[] refused = new LongAdder[Refused.values().length];
    private final Deadlines[] headDeadlines;
    /** Created with the first connection that needs it (the worker comes with the connection). */
    private volatile ClosedByClient closedByClient;

    /**
     * @param exempt addresses the per-address bound does not apply to (trusted proxies, read at each accept)
     */
    ClientGate(ProxyConfig.ClientLimits limits, java.time.Duration requestHeadTimeout, int ioThreads,
               Predicate<InetAddress> exempt) {
        this.limits = limits;
        this.headTimeoutNanos = requestHeadTimeout.toNanos();
        this.exempt = exempt;
        this.headDeadlines = new Deadlines[ioThreads];
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /**
     * Takes a freshly accepted connection: installs its {@link ClientConnection} (the strict reader under Undertow)
     * and returns it, or answers 503 and returns null when a connection bound is reached.
     */
    ClientConnection accept(StreamConnection c) {
        InetSocketAddress peer = c.getPeerAddress(InetSocketAddress.class);
        InetAddress address = peer == null ? null : peer.getAddress();
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refusedMaxConnections.increment();
            ClientConnection.install(c, this, null, false).refuseAtAccept(503, "the proxy has "
                    + limits.maxConnections() + " client connections open, its maximum (clients.maxConnections)");
            return null;
        }
        boolean perAddressCounted = false;
        if (limits.maxConnectionsPerAddress() > 0 && address != null && !exempt.test(address)) {
            if (perAddress.merge(address, 1, Integer::sum) > limits.maxConnectionsPerAddress()) {
                releaseAddress(address);
                open.decrementAndGet();
                refusedPerAddress.increment();
                ClientConnection.install(c, this, null, false).refuseAtAccept(503, address.getHostAddress()
                        + " has " + limits.maxConnectionsPerAddress() + " connections open, the most one address may"
                        + " hold (clients.maxConnectionsPerAddress)");
                return null;
            }
            perAddressCounted = true;
        }
        return ClientConnection.install(c, this, address, perAddressCounted);
    }

    /** A connection that {@link #accept} let in has closed. */
    void closed(InetAddress address, boolean perAddressCounted) {
        open.decrementAndGet();
        if (perAddressCounted) {
            releaseAddress(address);
        }
    }

    private void releaseAddress(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Closes {@code c}, which its client closed between requests, off its IO thread ({@link ClosedByClient}). */
    void closeOffThread(StreamConnection c) {
        ClosedByClient closer = closedByClient;
        if (closer == null) {
            synchronized (this) {
                if (closedByClient == null) {
                    closedByClient = new ClosedByClient(c.getWorker());
                }
                closer = closedByClient;
            }
        }
        closer.close(c);
    }

    int maxHeaderBytes() {
        return limits.maxHeaderBytes();
    }

    long headTimeoutNanos() {
        return headTimeoutNanos;
    }

    /** The head deadlines of {@code thread}; created on first use, by that thread only. */
    Deadlines headDeadlines(XnioIoThread thread) {
        int i = thread.getNumber() % headDeadlines.length;
        Deadlines d = headDeadlines[i];
        if (d == null) {
            d = new Deadlines(thread, headTimeoutNanos);
            headDeadlines[i] = d;
        }
        return d;
    }

    /** {@code c} holds an unfinished head now. */
    void unfinished(ClientConnection c) {
        unfinishedHeads.add(c);
    }

    /** {@code c}'s unfinished head ended (finished, refused, or its connection closed). */
    void finished(ClientConnection c) {
        unfinishedHeads.remove(c);
    }

    /**
     * Adds {@code delta} bytes to the unfinished heads' total; past the bound, closes the largest heads until the total
     * is back within it.
     */
    void headerBytes(long delta) {
        long total = headerBytes.addAndGet(delta);
        while (delta > 0 && total > limits.headerBytesInFlight()) {
            ClientConnection largest = null;
            int most = 0;
            for (ClientConnection c : unfinishedHeads) {
                int b = c.unfinishedHeadBytes();
                if (b > most) {
                    most = b;
                    largest = c;
                }
            }
            if (largest == null || !unfinishedHeads.remove(largest)) {
                return;
            }
            largest.evict();
            total = headerBytes.get();
        }
    }

    void count(Refused why) {
        refused[why.ordinal()].increment();
    }

    /** Counts and gauges for the admin port. */
    record Snapshot(int open, long refusedMaxConnections, long refusedPerAddress, long headerBytesInFlight,
                    long[] refusedRequests) {
    }

    Snapshot snapshot() {
        long[] r = new long[refused.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = refused[i].sum();
        }
        return new Snapshot(open.get(), refusedMaxConnections.sum(), refusedPerAddress.sum(),
                Math.max(0, headerBytes.get()), r);
    }
}
