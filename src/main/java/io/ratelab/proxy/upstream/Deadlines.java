package io.ratelab.proxy.upstream;

import org.xnio.XnioIoThread;

import java.util.concurrent.TimeUnit;

/**
 * Request deadlines of one IO thread, cheaper than a timer per request: every call on the thread waits the same
 * timeout, so deadlines arrive in non-decreasing order and an intrusive doubly-linked FIFO holds them (O(1) to add and
 * to remove). One repeating tick every {@code timeout / 4} (at most 100 ms) expires the calls at the head whose
 * deadline has passed, so a timeout fires between {@code timeout} and {@code timeout + tick} after its start.
 * Confined to its IO thread, like the pool it belongs to.
 */
public final class Deadlines {

    /** Something with a deadline; linked into at most one {@link Deadlines} at a time. */
    public abstract static class Entry {
        long deadlineNanos;
        Entry prev;
        Entry next;
        boolean linked;

        /** True while waiting in a {@link Deadlines}. */
        public final boolean isLinked() {
            return linked;
        }

        /** The deadline passed; the entry is already unlinked. */
        public abstract void expired();
    }

    private final long timeoutNanos;
    private final long tickMillis;
    private final XnioIoThread thread;
    private Entry head;
    private Entry tail;
    private boolean ticking;

    public Deadlines(XnioIoThread thread, long timeoutNanos) {
        this.thread = thread;
        this.timeoutNanos = timeoutNanos;
        this.tickMillis = Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4));
    }

    /** Starts {@code e}'s timeout now. */
    public void add(Entry e, long nowNanos) {
        e.deadlineNanos = nowNanos + timeoutNanos;
        e.prev = tail;
        e.next = null;
        if (tail == null) {
            head = e;
        } else {
            tail.next = e;
        }
        tail = e;
        e.linked = true;
        if (!ticking) {
            ticking = true;
            thread.executeAfter(this::tick, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Cancels {@code e}'s timeout; harmless when it is not linked. */
    public void remove(Entry e) {
        if (!e.linked) {
            return;
        }
        e.linked = false;
        if (e.prev == null) {
            head = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            tail = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
    }

    private void tick() {
        long now = System.nanoTime();
        while (head != null && head.deadlineNanos - now <= 0) {
            Entry e = head;
            remove(e);
            e.expired();
        }
        if (head == null) {
            ticking = false;
        } else {
            thread.executeAfter(this::tick, tickMillis, TimeUnit.MILLISECONDS);
        }
    }
}
