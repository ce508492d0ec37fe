package io.ratelab.proxy;

import org.xnio.StreamConnection;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bound on connections open at once on the admin listener: past {@value #MAX_OPEN} a new one is answered 503 and
 * closed ({@link Refusal}), so that a flood of admin connections (the port may be reachable from the network, behind
 * a token) cannot use up the file descriptors the proxy listener needs. Admin clients are few — a scraper, a probe, an
 * operator — and an idle one is closed after {@link #IDLE_TIMEOUT_MILLIS} ms. Fixed, not configurable: nothing a
 * legitimate admin client does comes near the bound. Thread-safe (atomics).
 */
final class AdminConnections {

    /** Admin connections open at once, at most. */
    static final int MAX_OPEN = 64;
    /** An admin connection with no request in progress is closed after this long. */
    static final int IDLE_TIMEOUT_MILLIS = 10_000;

    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();

    /** Takes a freshly accepted admin connection: true when it may be served; else answers 503 and closes it. */
    boolean accept(StreamConnection c) {
        if (open.incrementAndGet() > MAX_OPEN) {
            open.decrementAndGet();
            refused.increment();
            Refusal r = new Refusal(c, c.getSourceChannel().getConduit(), 503, "the admin port has " + MAX_OPEN
                    + " connections open, its maximum; try again when one closes", null);
            c.getSourceChannel().setReadListener(ch -> r.readable());
            r.start();
            return false;
        }
        return true;
    }

    /** A connection {@link #accept} let in has closed. */
    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }
}
