package io.ratelab.proxy;

import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.ReadReadyHandler;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Defers {@code suspendReads()} on a client connection until it matters.
 *
 * <p>Undertow suspends reads on a connection as soon as it has parsed a request and resumes them when the response
 * is done. With the JDK's level-triggered epoll each of those is an {@code epoll_ctl} system call, two per proxied
 * request, although a keep-alive client almost never sends anything while it waits for its answer. This conduit
 * only records a suspend; the real one happens if the connection does become readable meanwhile (a pipelined
 * request, a close), at which point the event is held back exactly as a suspended channel would hold it. A resume
 * before that costs nothing. Installed on the proxy listener's connections before Undertow sees them.
 *
 * <p>Thread-safety: the flags are volatile because Undertow may resume from a worker thread; the proxy chain runs
 * on the connection's IO thread.
 */
final class LazySuspendSourceConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private volatile boolean suspendRequested;
    private volatile boolean reallySuspended;

    LazySuspendSourceConduit(StreamSourceConduit next, ConduitStreamSourceChannel channel) {
        super(next);
        gate(new ReadReadyHandler.ChannelListenerHandler<>(channel));
    }

    /** Installs the conduit under {@code channel}'s current one. */
    static void install(ConduitStreamSourceChannel channel) {
        channel.setConduit(new LazySuspendSourceConduit(channel.getConduit(), channel));
    }

    private void gate(ReadReadyHandler delivered) {
        next.setReadReadyHandler(new ReadReadyHandler() {
            @Override
            public void readReady() {
                if (suspendRequested) {
                    if (!reallySuspended) {
                        reallySuspended = true;
                        next.suspendReads();
                    }
                    return;
                }
                delivered.readReady();
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

    @Override
    public void setReadReadyHandler(ReadReadyHandler handler) {
        gate(handler);
    }

    @Override
    public void suspendReads() {
        suspendRequested = true;
    }

    @Override
    public void resumeReads() {
        suspendRequested = false;
        reallySuspended = false;
        next.resumeReads();
    }

    @Override
    public void wakeupReads() {
        suspendRequested = false;
        reallySuspended = false;
        next.wakeupReads();
    }

    @Override
    public boolean isReadResumed() {
        return !suspendRequested && next.isReadResumed();
    }
}
