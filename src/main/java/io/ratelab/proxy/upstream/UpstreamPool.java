package io.ratelab.proxy.upstream;

import io.undertow.connector.ByteBufferPool;
import org.xnio.IoFuture;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Keep-alive HTTP/1.1 connections to the one upstream, pooled per IO thread.
 *
 * <p>Each IO thread has its own pool, touched only by that thread, so there are no locks: a request handled on IO
 * thread N is forwarded over a connection owned by thread N and all its callbacks run there. A thread's pool holds up
 * to {@code maxConnections} connections; when all are busy, up to {@code maxQueue} requests wait for one (FIFO), and
 * beyond that a request is refused at once. Idle connections are reused newest first. A connection that does not
 * connect within the connect timeout fails its request; if it connects later it joins the pool.
 */
public final class UpstreamPool {

    /** Who asked for a connection; callbacks run on the pool's IO thread. */
    public interface Borrower {
        /** A connection for exactly one request; it comes back by itself when the exchange is done. */
        void connected(UpstreamConnection connection, boolean reused);

        /** No connection: refused, unreachable, timed out ({@code timedOut}), or the queue was full ({@code full}). */
        void connectFailed(IOException cause, boolean timedOut, boolean full);

        /** False once the borrower gave up (its request timed out), so a queued borrower is skipped. */
        boolean stillWaiting();
    }

    private final InetSocketAddress target;
    private final int maxConnections;
    private final int maxQueue;
    private final long connectTimeoutNanos;
    private final long requestTimeoutNanos;
    private final long bodyIdleNanos;
    private final OptionMap options = OptionMap.builder().set(Options.TCP_NODELAY, true).getMap();
    private final AtomicReferenceArray<PerThread> threads;

    public UpstreamPool(InetSocketAddress target, int ioThreads, int maxConnections, int maxQueue, long connectTimeoutNanos,
                 long requestTimeoutNanos, long bodyIdleNanos) {
        this.target = target;
        this.maxConnections = maxConnections;
        this.maxQueue = maxQueue;
        this.connectTimeoutNanos = connectTimeoutNanos;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.bodyIdleNanos = bodyIdleNanos;
        this.threads = new AtomicReferenceArray<>(ioThreads);
    }

    /** The pool of the calling IO thread {@code thread}; created on its first use, by that thread. */
    public PerThread forThread(XnioIoThread thread) {
        int n = thread.getNumber();
        PerThread p = threads.get(n);
        if (p == null) {
            p = new PerThread(thread);
            threads.set(n, p);
        } else if (p.thread != thread) {
            throw new IllegalStateException("IO thread " + n + " is not the one this pool was built for");
        }
        return p;
    }

    /** Connections open now over all threads (approximate while traffic flows). */
    public int openConnections() {
        int sum = 0;
        for (int i = 0; i < threads.length(); i++) {
            PerThread p = threads.get(i);
            sum += p == null ? 0 : p.open;
        }
        return sum;
    }

    @Override
    public String toString() {
        return "pool(" + target + ", " + maxConnections + " connections/thread, queue " + maxQueue + ")";
    }

    /** One IO thread's connections. Confined to that thread. */
    public final class PerThread implements UpstreamConnection.Owner {
        private final XnioIoThread thread;
        private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
        private final ArrayDeque<Borrower> waiting = new ArrayDeque<>();
        private final Deadlines deadlines;
        private final Deadlines bodyDeadlines;
        private int open;

        private PerThread(XnioIoThread thread) {
            this.thread = thread;
            this.deadlines = new Deadlines(thread, requestTimeoutNanos);
            this.bodyDeadlines = new Deadlines(thread, bodyIdleNanos);
        }

        /** The request deadlines of this thread's calls. */
        public Deadlines deadlines() {
            return deadlines;
        }

        /** The deadlines of this thread's calls waiting for the next piece of a client's request body. */
        public Deadlines bodyDeadlines() {
            return bodyDeadlines;
        }

        /** Gives {@code b} an idle connection, a new one, or a place in the queue. */
        public void borrow(Borrower b, ByteBufferPool buffers) {
            UpstreamConnection c;
            while ((c = idle.pollLast()) != null) {
                if (c.isOpen()) {
                    b.connected(c, true);
                    return;
                }
            }
            if (open < maxConnections) {
                connect(b, buffers);
            } else if (waiting.size() < maxQueue) {
                waiting.addLast(b);
            } else {
                b.connectFailed(new IOException("all " + maxConnections + " upstream connections of this IO thread"
                        + " are busy and " + maxQueue + " requests already wait"), false, true);
            }
        }

        /** Opens a new connection for {@code b}, bypassing idle ones (a retry after a stale connection failed). */
        public void borrowFresh(Borrower b, ByteBufferPool buffers) {
            if (open < maxConnections) {
                connect(b, buffers);
            } else {
                borrow(b, buffers);
            }
        }

        /** A connection finished its exchange: it serves the oldest waiter or goes idle. */
        @Override
        public void idle(UpstreamConnection c) {
            giveBack(c);
        }

        public void giveBack(UpstreamConnection c) {
            if (!c.isOpen()) {
                return;
            }
            Borrower next = nextWaiter();
            if (next != null) {
                next.connected(c, true);
            } else {
                idle.addLast(c);
            }
        }

        private Borrower nextWaiter() {
            Borrower b;
            while ((b = waiting.pollFirst()) != null) {
                if (b.stillWaiting()) {
                    return b;
                }
            }
            return null;
        }

        private void connect(Borrower b, ByteBufferPool buffers) {
            open++;
            Attempt attempt = new Attempt(b, buffers);
            attempt.timeout = thread.executeAfter(attempt, connectTimeoutNanos, TimeUnit.NANOSECONDS);
            thread.openStreamConnection(target, attempt::completed, options).addNotifier(attempt, null);
        }

        @Override
        public void closed(UpstreamConnection c) {
            open--;
            idle.remove(c);
        }

        /** One connection attempt; its borrower may give up on it (timeout) and the connection then joins the pool. */
        private final class Attempt implements IoFuture.Notifier<StreamConnection, Object>, Runnable {
            private Borrower borrower;
            private final ByteBufferPool buffers;
            private XnioExecutor.Key timeout;

            Attempt(Borrower borrower, ByteBufferPool buffers) {
                this.borrower = borrower;
                this.buffers = buffers;
            }

            void completed(StreamConnection stream) {
                timeout.remove();
                UpstreamConnection connection = new UpstreamConnection(stream, buffers, PerThread.this);
                Borrower b = borrower;
                borrower = null;
                if (b != null) {
                    b.connected(connection, false);
                } else {
                    giveBack(connection);
                }
            }

            @Override
            public void notify(IoFuture<? extends StreamConnection> future, Object attachment) {
                if (future.getStatus() == IoFuture.Status.FAILED) {
                    failed(future.getException());
                } else if (future.getStatus() == IoFuture.Status.CANCELLED) {
                    failed(new IOException("connection attempt cancelled"));
                }
            }

            void failed(IOException e) {
                timeout.remove();
                open--;
                Borrower b = borrower;
                borrower = null;
                if (b != null) {
                    b.connectFailed(e, false, false);
                }
                Borrower waiter = nextWaiter();
                if (waiter != null) {
                    connect(waiter, buffers);
                }
            }

            /** The connect timeout fired. */
            @Override
            public void run() {
                Borrower b = borrower;
                borrower = null;
                if (b != null) {
                    b.connectFailed(new IOException("no connection within "
                            + TimeUnit.NANOSECONDS.toMillis(connectTimeoutNanos) + " ms"), true, false);
                }
            }
        }
    }
}
