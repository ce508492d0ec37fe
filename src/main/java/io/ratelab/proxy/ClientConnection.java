package io.ratelab.proxy;

import io.ratelab.proxy.upstream.Deadlines;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bottom of a client connection's read side, under Undertow's parser: every byte the client sends passes
 * {@link RequestFraming} first, so Undertow only ever sees requests framed exactly as RFC 9112 says. A refused head
 * is answered here ({@link Refusal}: 400/431/501/505, then the connection closes) — after the responses to the
 * requests before it, when it was pipelined behind them, because only the bytes before it are passed up. A refused
 * body (a bad chunk) goes to the {@link BodyListener} of the request reading it, which answers it.
 *
 * <p>It also keeps the {@link ClientGate}'s accounts for this connection: a head that did not arrive whole in one
 * read counts towards the header bytes in flight and gets {@code timeouts.requestHead} to finish (408 otherwise).
 * Runs on the connection's IO thread, except {@link #evict()} and {@link #unfinishedHeadBytes()} (any thread).
 */
final class ClientConnection extends AbstractStreamSourceConduit<StreamSourceConduit> {

    /** Told when the body a request is reading turns out malformed; it answers the client. */
    interface BodyListener {
        void bodyRefused(RequestFraming.Violation violation);
    }

    private final StreamConnection connection;
    private final ClientGate gate;
    private final InetAddress address;
    private final boolean perAddressCounted;
    private final RequestFraming framing;
    private final HeadDeadline headDeadline = new HeadDeadline();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Bytes of the unfinished head counted in the gate; -1 once evicted. */
    private final AtomicInteger counted = new AtomicInteger();
    private ReadReadyHandler delivered;
    private RequestFraming.Violation pending;
    private BodyListener bodyListener;
    private Refusal refusal;
    /** The client closed between requests and the connection is being closed on another thread: read nothing more. */
    private boolean closedByClient;
    /** Which head ({@link RequestFraming#headsStarted()}) is counted as unfinished; -1 for none. */
    private long unfinishedHead = -1;

    private ClientConnection(StreamConnection connection, ClientGate gate, InetAddress address,
                             boolean perAddressCounted) {
        super(connection.getSourceChannel().getConduit());
        this.connection = connection;
        this.gate = gate;
        this.address = address;
        this.perAddressCounted = perAddressCounted;
        this.framing = new RequestFraming(gate.maxHeaderBytes());
        gate(new ReadReadyHandler.ChannelListenerHandler<>(connection.getSourceChannel()));
    }

    /** Installs the reader on {@code c}'s source channel, over its current conduit. */
    static ClientConnection install(StreamConnection c, ClientGate gate, InetAddress address,
                                    boolean perAddressCounted) {
        ClientConnection cc = new ClientConnection(c, gate, address, perAddressCounted);
        c.getSourceChannel().setConduit(cc);
        return cc;
    }

    /** The reader under {@code exchange}'s connection, or null (not a proxy listener connection). */
    static ClientConnection of(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof HttpServerConnection h
                && h.getOriginalSourceConduit() instanceof ClientConnection c ? c : null;
    }

    /**
     * Called once Undertow has taken the connection: releases the gate's accounts when it closes (Undertow's close
     * listener still runs).
     */
    void watchClose() {
        ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
        connection.setCloseListener(c -> {
            release();
            ChannelListeners.invokeChannelListener(c, undertows);
        });
        if (!connection.isOpen()) {
            release();
        }
    }

    /** Answers a connection the gate would not let in; it never reaches Undertow. */
    void refuseAtAccept(int status, String message) {
        released.set(true);
        refuse(status, message, null);
    }

    /** Lets {@code l} hear of a malformed body while it reads one; null to stop. */
    void bodyListener(BodyListener l) {
        bodyListener = l;
    }

    /**
     * Answers the client {@code status} with {@code message} and closes the connection after a short linger; then
     * runs {@code afterClose} (on the IO thread), if any. For the request reading the body: Undertow has not
     * answered it and will not.
     */
    void refuse(int status, String message, Runnable afterClose) {
        if (refusal != null) {
            return;
        }
        finishHead();
        refusal = new Refusal(connection, next, status, message, afterClose);
        refusal.start();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (refusal != null || closedByClient) {
            return 0;
        }
        if (pending != null) {
            return refusePending();
        }
        int at = dst.position();
        int n = next.read(dst);
        if (n == -1 && framing.betweenRequests()) {
            // the client left after its last answer: Undertow would close here, on the IO thread, where XNIO's close
            // costs a selectNow over every waiting event (ClosedByClient); it sees nothing more and the close happens
            // on a task thread
            closedByClient = true;
            next.suspendReads();
            gate.closeOffThread(connection);
            return 0;
        }
        if (n > 0) {
            int good = framing.scan(dst, at, at + n);
            if (good >= 0) {
                dst.position(at + good);
                pending = framing.violation();
                if (good == 0) {
                    return refusePending();
                }
                n = good;
            }
            countHead();
        } else if (n == 0 && framing.inHead() && unfinishedHead != framing.headsStarted()) {
            startUnfinished();
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** A violation found in an earlier read, now that the bytes before it are consumed. */
    private int refusePending() throws IOException {
        RequestFraming.Violation v = pending;
        if (!v.inBody()) {
            gate.count(v.status() == 431 ? ClientGate.Refused.HEAD_TOO_LARGE : ClientGate.Refused.MALFORMED);
            refuse(v.status(), v.reason(), null);
            return 0;
        }
        BodyListener l = bodyListener;
        bodyListener = null;
        if (l == null) {
            // nobody forwards this body (a rejected request being drained): the connection cannot be reused
            throw new IOException("malformed request body: " + v.reason());
        }
        l.bodyRefused(v);
        return 0;
    }

    @Override
    public void resumeReads() {
        if (refusal != null || closedByClient) {
            return;
        }
        if (pending != null) {
            // the requests before the refused one are answered; Undertow asks for the next: refuse it now
            next.wakeupReads();
            return;
        }
        next.resumeReads();
    }

    @Override
    public void suspendReads() {
        if (refusal == null) {
            next.suspendReads();
        }
    }

    @Override
    public void wakeupReads() {
        if (refusal == null && !closedByClient) {
            next.wakeupReads();
        }
    }

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        gate(handler);
    }

    private void gate(ReadReadyHandler handler) {
        delivered = handler;
        next.setReadReadyHandler(new ReadReadyHandler() {
            @Override
            public void readReady() {
                if (refusal != null) {
                    refusal.readable();
                } else {
                    delivered.readReady();
                }
            }

            @Override
            public void forceTermination() {
                delivered.forceTermination();
            }

            @Override
            public void terminated() {
                delivered.terminated();
            }
        });
    }

    /** The head in progress did not arrive whole: it now counts towards the bytes in flight and has a deadline. */
    private void startUnfinished() {
        if (counted.get() < 0) {
            return;
        }
        finishHead();
        unfinishedHead = framing.headsStarted();
        gate.unfinished(this);
        gate.headDeadlines(connection.getIoThread()).add(headDeadline, System.nanoTime());
        countHead();
    }

    /** Brings the gate's count of this connection's unfinished head up to date. */
    private void countHead() {
        if (unfinishedHead < 0) {
            return;
        }
        if (!framing.inHead() || framing.headsStarted() != unfinishedHead) {
            finishHead();
            return;
        }
        int now = framing.headBytes();
        while (true) {
            int was = counted.get();
            if (was < 0) {
                return;
            }
            if (counted.compareAndSet(was, now)) {
                gate.headerBytes(now - was);
                return;
            }
        }
    }

    /** The unfinished head ended (or the connection did): its bytes leave the gate's total, its deadline goes. */
    private void finishHead() {
        if (unfinishedHead < 0) {
            return;
        }
        unfinishedHead = -1;
        gate.finished(this);
        gate.headDeadlines(connection.getIoThread()).remove(headDeadline);
        int was = counted.getAndSet(0);
        if (was > 0) {
            gate.headerBytes(-was);
        }
    }

    /** Bytes of this connection's unfinished head the gate counts (0 when none). */
    int unfinishedHeadBytes() {
        return Math.max(0, counted.get());
    }

    /** The gate closes this connection to bring the header bytes in flight back within bounds. Any thread. */
    void evict() {
        int was = counted.getAndSet(-1);
        if (was > 0) {
            gate.headerBytes(-was);
        }
        connection.getIoThread().execute(() -> {
            if (unfinishedHead < 0 || refusal != null) {
                // the head was finished (or refused) meanwhile: its bytes are out of the total already
                return;
            }
            gate.count(ClientGate.Refused.HEADER_BUDGET);
            refuse(431, "the proxy holds too many unfinished request heads (clients.headerBytesInFlight); this one,"
                    + " the largest, is refused", null);
        });
    }

    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        XnioIoThread thread = connection.getIoThread();
        if (Thread.currentThread() == thread) {
            finishHead();
        } else {
            thread.execute(this::finishHead);
        }
        gate.closed(address, perAddressCounted);
    }

    /** The head deadline ({@code timeouts.requestHead}) of this connection's unfinished head. */
    private final class HeadDeadline extends Deadlines.Entry {
        @Override
        public void expired() {
            if (unfinishedHead < 0 || refusal != null) {
                return;
            }
            gate.count(ClientGate.Refused.HEAD_TIMEOUT);
            refuse(408, "the request head was not received within "
                    + java.time.Duration.ofNanos(gate.headTimeoutNanos()).toMillis() + " ms (timeouts.requestHead)",
                    null);
        }
    }
}
