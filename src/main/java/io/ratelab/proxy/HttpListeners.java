package io.ratelab.proxy;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One XNIO worker and the HTTP/1.1 listeners on it, built the way {@code Undertow.start()} builds them but keeping the
 * accepting channels, so that a listener can stop accepting (close its channel) while its connections finish their
 * requests; {@code Undertow.ListenerInfo.suspend()} would close those connections. IO threads are the event loops
 * every handler runs on; the few task threads serve only the admin endpoints' blocking work.
 */
public final class HttpListeners implements AutoCloseable {

    /** The largest request head on the admin listener. */
    static final int ADMIN_MAX_HEAD_BYTES = 16 * 1024;

    private final XnioWorker worker;
    private final ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
    private final OptionMap serverOptions;
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private boolean closed;

    HttpListeners(int ioThreads) throws IOException {
        this(ioThreads, false);
    }

    /**
     * {@code lenientTargets}: accept request targets as real servers do ({@code |}, {@code {}, {@code ^} ...
     * unencoded, which nginx takes and Undertow otherwise answers with 400) — for the demo upstream, an end server.
     * Not for the proxy: Undertow then decodes the request URI, and the proxy would forward {@code %20} as a space.
     */
    public HttpListeners(int ioThreads, boolean lenientTargets) throws IOException {
        this.serverOptions = OptionMap.builder()
                // buffering pipelined responses held an answer back until the next request completed: a complete
                // request followed by part of the next was never answered
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, false)
                .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, lenientTargets)
                .getMap();
        Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
        this.worker = xnio.createWorker(OptionMap.builder()
                .set(Options.WORKER_NAME, "ratelab-proxy")
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                .set(Options.WORKER_TASK_CORE_THREADS, 2)
                .set(Options.WORKER_TASK_MAX_THREADS, 2)
                .set(Options.TCP_NODELAY, true)
                .set(Options.CORK, true)
                .getMap());
    }

    /**
     * Opens a listener; returns the address actually bound (port 0 picks one).
     *
     * @throws IOException naming the address when it cannot be bound
     */
    public synchronized InetSocketAddress listen(HostPort at, HttpHandler root) throws IOException {
        return listen(at, root, null, serverOptions);
    }

    /**
     * Opens the admin listener: requests there are small (a config of at most 1 MiB travels in the body), so a head
     * is at most {@value #ADMIN_MAX_HEAD_BYTES} bytes and must arrive within {@code headTimeout} from its first byte,
     * else the connection is closed. Without these an admin client could trickle a 1 MiB head forever, as slowloris
     * did to the proxy listener (200 such connections held 230 MB of heap).
     */
    synchronized InetSocketAddress listenAdmin(HostPort at, HttpHandler root, java.time.Duration headTimeout,
                                               AdminConnections cap) throws IOException {
        OptionMap options = OptionMap.builder().addAll(serverOptions)
                .set(UndertowOptions.MAX_HEADER_SIZE, ADMIN_MAX_HEAD_BYTES)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, headTimeout.toMillis()))
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, AdminConnections.IDLE_TIMEOUT_MILLIS)
                .getMap();
        HttpOpenListener open = new HttpOpenListener(buffers, options);
        open.setRootHandler(new Http10KeepAlive(root));
        return bind(at, server -> {
            try {
                StreamConnection c = server.accept();
                if (c != null && cap.accept(c)) {
                    open.handleEvent(c);
                    // releases the place once, whether the close listener runs or the connection closed before it was set
                    java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
                    Runnable release = () -> {
                        if (released.compareAndSet(false, true)) {
                            cap.closed();
                        }
                    };
                    ChannelListener<? super StreamConnection> undertows = c.getCloseListener();
                    c.setCloseListener(closed -> {
                        release.run();
                        ChannelListeners.invokeChannelListener(closed, undertows);
                    });
                    if (!c.isOpen()) {
                        release.run();
                    }
                }
            } catch (IOException e) {
                // the client went away while being accepted; nothing to serve
            }
        });
    }

    /** The proxy listener's options: Undertow's own head bound above the gate's, which answers first (431). */
    private OptionMap proxyOptions(ClientGate gate) {
        return OptionMap.builder().addAll(serverOptions)
                .set(UndertowOptions.MAX_HEADER_SIZE, gate.maxHeaderBytes() + 16 * 1024)
                // RequestFraming refuses more than MAX_FIELDS fields with 431 and a reason, counted; Undertow's own
                // bound (200 by default) answered first with a bare 400 that no counter saw
                .set(UndertowOptions.MAX_HEADERS, RequestFraming.MAX_FIELDS + 56)
                .getMap();
    }

    /**
     * Opens the proxy listener, whose exchanges run on IO threads: every connection gets
     * {@link LazySuspendSourceConduit} and, over it, the {@code gate}'s {@link ClientConnection}, which may refuse it
     * before Undertow sees it.
     */
    synchronized InetSocketAddress listen(HostPort at, HttpHandler root, ClientGate gate) throws IOException {
        return listen(at, root, gate, proxyOptions(gate));
    }

    private InetSocketAddress listen(HostPort at, HttpHandler root, ClientGate gate, OptionMap options)
            throws IOException {
        boolean guarded = gate != null;
        HttpOpenListener open = new HttpOpenListener(buffers, options);
        open.setRootHandler(new Http10KeepAlive(root));
        ChannelListener<AcceptingChannel<StreamConnection>> accept = !guarded
                ? ChannelListeners.openListenerAdapter(open)
                : server -> {
                    try {
                        StreamConnection c = server.accept();
                        if (c != null) {
                            LazySuspendSourceConduit.install(c.getSourceChannel());
                            ClientConnection client = gate.accept(c);
                            if (client != null) {
                                open.handleEvent(c);
                                client.watchClose();
                            }
                        }
                    } catch (IOException e) {
                        // the client went away while being accepted; nothing to serve
                    }
                };
        return bind(at, accept);
    }

    private InetSocketAddress bind(HostPort at, ChannelListener<AcceptingChannel<StreamConnection>> accept)
            throws IOException {
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 4096)
                .getMap();
        AcceptingChannel<StreamConnection> channel;
        try {
            channel = worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(at.host()), at.port()), accept, socketOptions);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + at + ": " + e.getMessage(), e);
        }
        channel.resumeAccepts();
        channels.add(channel);
        return channel.getLocalAddress(InetSocketAddress.class);
    }

    /** Stops accepting new connections on every listener; open connections go on. */
    synchronized void stopAccepting() {
        // each channel is closed once: closing a server channel again after the worker stopped waits forever for an
        // IO thread that is gone (XNIO's NioTcpServer.close cancels its key on the worker thread)
        for (AcceptingChannel<StreamConnection> c : channels) {
            org.xnio.IoUtils.safeClose(c);
        }
        channels.clear();
    }

    XnioWorker worker() {
        return worker;
    }

    int ioThreads() {
        return worker.getIoThreadCount();
    }

    /** Closes the listeners and every connection, and stops the threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAccepting();
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
