package io.ratelab.load;

import org.xnio.XnioIoThread;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One IO thread of the engine, its connection pools (one per source address and target), their share of the
 * engine's bound on open connections ({@link ConnectionSlots}) and the hand-off queue into it.
 *
 * <p>{@link #submit} never blocks: from a foreign thread (the scheduler) it appends to a lock-free queue and, only if
 * no drain is pending yet, asks the IO thread to run one — so a burst of due requests costs one wake-up, not one
 * per request. On the IO thread itself (retries, closed-loop users) it dispatches directly.
 */
final class Lane implements Runnable {

    private final ConnectionPool.EngineContext context;
    private final XnioIoThread thread;
    private final int connectionsPerPool;
    private final ConnectionSlots slots;
    private final ConcurrentLinkedQueue<Attempt> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final HttpTarget[] targets;
    /**
     * Pools by target, then by source address (null key: the default address). Touched only on {@link #thread}.
     */
    private final List<Map<InetAddress, ConnectionPool>> pools = new ArrayList<>();

    /**
     * @param connectionsPerPool each pool's keep-alive budget
     * @param maxOpen            this lane's share of the engine's bound on open connections, over all its pools
     */
    Lane(ConnectionPool.EngineContext context, HttpTarget[] targets, XnioIoThread thread, int connectionsPerPool,
         int maxOpen) {
        this.context = context;
        this.slots = new ConnectionSlots(maxOpen);
        this.targets = targets;
        this.thread = thread;
        this.connectionsPerPool = connectionsPerPool;
        for (int i = 0; i < targets.length; i++) {
            pools.add(new HashMap<>());
        }
    }

    XnioIoThread thread() {
        return thread;
    }

    /** This lane's connection slots, for their statistics (readable from any thread). */
    ConnectionSlots slots() {
        return slots;
    }

    void submit(Attempt attempt) {
        if (Thread.currentThread() == thread) {
            dispatch(attempt);
            return;
        }
        inbox.offer(attempt);
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this);
            } catch (RejectedExecutionException e) {
                // the engine is shutting down; the attempt stays queued and is reported as never completed
                drainScheduled.set(false);
            }
        }
    }

    @Override
    public void run() {
        // clear the flag first: an offer that races with this drain either is polled below or schedules a new drain
        drainScheduled.set(false);
        Attempt a;
        while ((a = inbox.poll()) != null) {
            dispatch(a);
        }
    }

    /** Closes every connection of this lane, on its IO thread; completes {@code done} afterwards. */
    void closeAll(CountDownLatch done) {
        try {
            thread.execute(() -> {
                inbox.clear();
                pools.forEach(byTarget -> byTarget.values().forEach(ConnectionPool::closeAll));
                slots.clear();
                done.countDown();
            });
        } catch (RejectedExecutionException e) {
            done.countDown();
        }
    }

    /**
     * On the IO thread: opens one connection in the pool each of {@code attempts} will use (no request is sent);
     * {@code opened} hears of each connect's end, see {@link ConnectionPool#preconnect}.
     */
    void preconnect(List<Attempt> attempts, Consumer<Boolean> opened) {
        try {
            thread.execute(() -> attempts.forEach(a -> poolOf(a).preconnect(opened)));
        } catch (RejectedExecutionException e) {
            attempts.forEach(a -> opened.accept(false));
        }
    }

    private void dispatch(Attempt attempt) {
        poolOf(attempt).dispatch(attempt);
    }

    private ConnectionPool poolOf(Attempt attempt) {
        InetAddress source = attempt.identity.sourceAddress();
        Map<InetAddress, ConnectionPool> byTarget = pools.get(attempt.target);
        ConnectionPool pool = byTarget.get(source);
        if (pool == null) {
            InetSocketAddress bind = source == null ? null : new InetSocketAddress(source, 0);
            pool = new ConnectionPool(context, targets[attempt.target], thread, bind, connectionsPerPool, slots);
            byTarget.put(source, pool);
        }
        return pool;
    }
}
