package io.ratelab.load;

import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A bounded pool of keep-alive HTTP/1.1 connections from one source address to the target, owned by one IO thread.
 *
 * <p>An attempt takes an idle connection if there is one; otherwise it waits in a FIFO queue (bounded by
 * {@code maxWaiting}; beyond that it is {@linkplain AttemptListener#dropped dropped}) while the pool opens a new
 * connection, up to {@code maxConnections} and as far as the lane's {@link ConnectionSlots} allow (the engine-wide
 * bound on open connections: to open one when the lane is at its bound, the least recently used idle connection of
 * any pool is closed; with none idle, the attempts wait for one). One request is in flight per connection (no
 * pipelining), so a slow server shows up as waiting attempts, which the generator counts as late and whose corrected
 * latency grows.
 * {@link #preconnect} opens connections ahead of need (TCP only); they park idle. An attempt past its
 * {@code leaveByNanos} (a warm-up attempt once the window has started) is dropped instead of sent.
 *
 * <p>Thread-safety: confined to its IO thread; every method, including the Undertow callbacks it registers, runs
 * there. Nothing here blocks.
 */
final class ConnectionPool {

    private final EngineContext context;
    private final HttpTarget target;
    private final XnioIoThread thread;
    private final InetSocketAddress bindAddress;
    private final int maxConnections;
    private final ConnectionSlots slots;
    /** Whether this pool is in {@link #slots}' queue of pools waiting for a slot. */
    boolean waitingForSlot;
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Attempt> waiting = new ArrayDeque<>();
    /** Every open connection, idle or busy, so that {@link #closeAll} can close them. */
    private final java.util.Set<PooledConnection> all = new java.util.HashSet<>();
    private int open;
    private int connecting;

    ConnectionPool(EngineContext context, HttpTarget target, XnioIoThread thread, InetSocketAddress bindAddress,
                   int maxConnections, ConnectionSlots slots) {
        this.context = context;
        this.slots = slots;
        this.target = target;
        this.thread = thread;
        this.bindAddress = bindAddress;
        this.maxConnections = maxConnections;
    }

    void dispatch(Attempt attempt) {
        if (expired(attempt)) {
            context.listener().dropped(attempt);
            return;
        }
        PooledConnection c = idle.pollFirst();
        if (c != null) {
            slots.notIdle(c);
            send(c, attempt);
            return;
        }
        if (waiting.size() >= context.maxWaiting()) {
            dropExpiredHead();
        }
        if (waiting.size() >= context.maxWaiting()) {
            context.listener().dropped(attempt);
            return;
        }
        waiting.addLast(attempt);
        maybeConnect();
    }

    /** Where this pool's connections go. */
    HttpTarget target() {
        return target;
    }

    int openConnections() {
        return open;
    }

    private void maybeConnect() {
        if (needsConnection() && slots.acquire(this)) {
            connect(NO_REPORT);
        }
    }

    /** Whether attempts wait that the connections opening will not serve, and the pool may open another. */
    boolean needsConnection() {
        return open < maxConnections && connecting < waiting.size();
    }

    /** {@link #slots} granted this pool, which {@link #needsConnection}, a slot: open the connection. */
    void connectInSlot() {
        connect(NO_REPORT);
    }

    /**
     * Opens one more connection ahead of need (TCP connect only, no request), unless the pool is full; it parks idle
     * once open. {@code opened} is told true or false when the connect ends; false at once if the pool is full.
     */
    void preconnect(Consumer<Boolean> opened) {
        if (open >= maxConnections || !slots.acquireFree()) {
            opened.accept(false);
            return;
        }
        connect(opened);
    }

    private void connect(Consumer<Boolean> report) {
        open++;
        connecting++;
        UndertowClient.getInstance().connect(new Connector(report), bindAddress, target.connectUri(), thread,
                context.buffers(), context.connectOptions());
    }

    private static final Consumer<Boolean> NO_REPORT = opened -> { };

    /** A connection finished an exchange (or just opened): give it the next waiting attempt or park it. */
    void release(PooledConnection c) {
        if (!c.connection.isOpen()) {
            discard(c);
            return;
        }
        Attempt next = nextWaiting();
        if (next != null) {
            send(c, next);
        } else {
            idle.addFirst(c);
            slots.idle(c);
        }
    }

    /** A connection failed or was closed: forget it and open another one if attempts are waiting. */
    void discard(PooledConnection c) {
        if (!c.closed) {
            c.closed = true;
            open--;
            idle.remove(c);
            slots.notIdle(c);
            all.remove(c);
            IoUtils.safeClose(c.connection);
            slots.release();
        }
        maybeConnect();
    }

    /**
     * Closes idle {@code c} for {@link #slots}, which keeps its slot (to hand to another pool): the engine is at its
     * bound on open connections and this is the least recently used idle one, or another pool waits.
     */
    void closeIdle(PooledConnection c) {
        c.closed = true;
        open--;
        // the least recently used of this pool is its last (idle connections are taken and parked at the front)
        idle.removeLastOccurrence(c);
        all.remove(c);
        try {
            // take the raw connection over from Undertow's client (its close would half-close, wait for the
            // server's FIN and close on this IO thread), stop reading it, and close it on the closer's thread
            StreamConnection raw = c.connection.performUpgrade();
            raw.getSourceChannel().suspendReads();
            context.closer().close(raw);
        } catch (IOException | RuntimeException e) {
            IoUtils.safeClose(c.connection);
        }
    }

    /** Closes every connection (the engine is stopping); waiting attempts are forgotten. */
    void closeAll() {
        waiting.clear();
        for (PooledConnection c : List.copyOf(all)) {
            c.closed = true;
            IoUtils.safeClose(c.connection);
        }
        all.clear();
        idle.clear();
    }

    /** The first waiting attempt that may still leave; those past their {@code leaveByNanos} are dropped. */
    private Attempt nextWaiting() {
        dropExpiredHead();
        return waiting.pollFirst();
    }

    /**
     * Drops the expired attempts at the head of the queue, so that a warm-up's stale backlog does not fill it up for
     * the window (warm-up attempts precede the window's, so expired ones gather at the head).
     */
    private void dropExpiredHead() {
        while (!waiting.isEmpty() && expired(waiting.peekFirst())) {
            context.listener().dropped(waiting.pollFirst());
        }
    }

    private boolean expired(Attempt a) {
        return a.leaveByNanos != Long.MAX_VALUE && context.clock().getAsLong() >= a.leaveByNanos;
    }

    private void send(PooledConnection c, Attempt attempt) {
        long now = context.clock().getAsLong();
        attempt.sendNanos = now;
        context.listener().sent(attempt, now);
        new AttemptRoundTrip(this, c, attempt, context).start();
    }

    private void connectFailed(IOException e) {
        open--;
        connecting--;
        slots.release();
        Attempt head = nextWaiting();
        if (head != null) {
            long now = context.clock().getAsLong();
            head.sendNanos = now;
            context.listener().sent(head, now);
            context.listener().failed(head, e, now);
        }
        maybeConnect();
    }

    /** A live connection and whether the pool has already let go of it. */
    static final class PooledConnection {
        final ClientConnection connection;
        final ConnectionPool pool;
        boolean closed;

        PooledConnection(ClientConnection connection, ConnectionPool pool) {
            this.connection = connection;
            this.pool = pool;
        }
    }

    private final class Connector implements ClientCallback<ClientConnection> {
        private final Consumer<Boolean> report;

        Connector(Consumer<Boolean> report) {
            this.report = report;
        }

        @Override
        public void completed(ClientConnection connection) {
            connecting--;
            PooledConnection c = new PooledConnection(connection, ConnectionPool.this);
            all.add(c);
            // a connection this pool let go of (c.closed) may close on the closer's thread: nothing to do then
            connection.addCloseListener(closed -> {
                if (!c.closed) {
                    discard(c);
                }
            });
            release(c);
            report.accept(true);
        }

        @Override
        public void failed(IOException e) {
            connectFailed(e);
            report.accept(false);
        }
    }

    /** Shared, immutable engine configuration for all pools. */
    interface EngineContext {

        ByteBufferPool buffers();

        OptionMap connectOptions();

        AttemptListener listener();

        LongSupplier clock();

        int maxWaiting();

        /** Where idle connections let go of for the bound are closed (off the IO thread). */
        IdleCloser closer();

        /** The request line of each traffic group, by group index. */
        Route[] routes();
    }
}
