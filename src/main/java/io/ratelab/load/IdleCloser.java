package io.ratelab.load;

import org.xnio.IoUtils;
import org.xnio.StreamConnection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes the idle connections the engine lets go of ({@link ConnectionSlots}) on a thread other than their IO thread,
 * in batches: the raw connection, taken over from Undertow's client, is closed at once (a FIN, and the
 * descriptor freed) instead of Undertow's clean close, which half-closes, waits for the server's FIN and then closes
 * on the IO thread.
 *
 * <p>Why: XNIO closing a channel on its own IO thread cancels its selection key and then runs {@code selectNow()} at
 * once so that the descriptor is freed before it returns, and a {@code selectNow()} processes every event ready at
 * that moment, up to 1 024 of them. Closed from another thread, the key is cancelled and the selector woken, and the
 * IO thread frees the descriptor at its next select, which it makes anyway. With 100 000 clients through a bound of
 * 5 000 connections the generator closes about 10 000 connections a second; measured with JFR, those
 * {@code selectNow()} calls (through Undertow's clean close) took 297 of 380 samples (78%) of the generator's IO
 * thread, and the more events were waiting the dearer each close became; closed here, 57 samples were left in all.
 *
 * <p>Thread-safety: {@link #close} from any thread (an IO thread); the closing runs on {@code executor}.
 */
final class IdleCloser implements Runnable {

    private final Executor executor;
    private final ConcurrentLinkedQueue<StreamConnection> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    IdleCloser(Executor executor) {
        this.executor = executor;
    }

    /** Closes {@code c} soon, off the calling thread (at once, here, if the executor is shutting down). */
    void close(StreamConnection c) {
        queue.offer(c);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                run();
            }
        }
    }

    /** Closes everything queued; also called when the engine stops. */
    @Override
    public void run() {
        // clear the flag first: a connection queued while this runs is either closed below or schedules a new run
        scheduled.set(false);
        StreamConnection c;
        while ((c = queue.poll()) != null) {
            IoUtils.safeClose(c);
        }
    }
}
