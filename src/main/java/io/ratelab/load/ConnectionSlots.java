package io.ratelab.load;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * One lane's share of the engine's bound on open connections, over all its pools (every source address and target):
 * a pool takes a slot before it opens a connection and gives it back when the connection closes or fails to open.
 *
 * <p>When no slot is free, the least recently used idle connection of any pool of the lane is closed and its slot
 * handed over; a busy connection is never closed. When no connection is idle either, the pool waits (FIFO) and its
 * attempts wait with it (they leave late, and are counted so): the next connection of the lane that closes gives
 * its slot to the first waiting pool, and the next one that falls idle is closed for it at once.
 *
 * <p>Why a bound: a client population of 100 000 source addresses would otherwise keep 100 000 connections open,
 * where a real client that sends six requests a minute does not hold its connection forever either; past the
 * process's file limit every further connect fails with "Too many open files".
 *
 * <p>Thread-safety: confined to the lane's IO thread, like its pools; the statistics may be read from any thread.
 */
final class ConnectionSlots {

    private final int bound;
    /** Connections open or opening in this lane. */
    private int open;
    /** Idle connections of every pool, least recently used first. */
    private final LinkedHashSet<ConnectionPool.PooledConnection> idle = new LinkedHashSet<>();
    private final ArrayDeque<ConnectionPool> waiting = new ArrayDeque<>();
    private boolean granting;
    private volatile long opened;
    private volatile long closedIdle;
    private volatile int peakOpen;

    ConnectionSlots(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("a lane needs at least one connection slot, got " + bound);
        }
        this.bound = bound;
    }

    /**
     * A slot for a connection {@code pool} is about to open: a free one, or else the slot of the least recently used
     * idle connection, which is closed. False when every connection of the lane is busy; then {@code pool} waits and
     * is {@linkplain ConnectionPool#connectInSlot given} one when one frees up.
     */
    boolean acquire(ConnectionPool pool) {
        if (open < bound) {
            take();
            return true;
        }
        if (!idle.isEmpty()) {
            closeLeastRecentlyUsed();
            opened++;
            return true;
        }
        if (!pool.waitingForSlot) {
            pool.waitingForSlot = true;
            waiting.addLast(pool);
        }
        return false;
    }

    /** A free slot only (no idle connection is closed for it): for connections opened ahead of need. */
    boolean acquireFree() {
        if (open < bound) {
            take();
            return true;
        }
        return false;
    }

    /** A connection (or a connect) that held a slot has ended: the slot goes to the first waiting pool, if any. */
    void release() {
        open--;
        grant();
    }

    /** {@code c} has fallen idle: closed at once if a pool waits for a slot, else the most recently used idle one. */
    void idle(ConnectionPool.PooledConnection c) {
        forgetPoolsServedMeanwhile();
        if (waiting.isEmpty()) {
            idle.add(c);
            return;
        }
        c.pool.closeIdle(c);
        closedIdle++;
        open--;
        grant();
    }

    /** {@code c} is busy again, or closed: no longer a candidate for closing. */
    void notIdle(ConnectionPool.PooledConnection c) {
        idle.remove(c);
    }

    /** The engine is stopping: forget everything. */
    void clear() {
        idle.clear();
        waiting.clear();
        open = 0;
    }

    long opened() {
        return opened;
    }

    long closedIdle() {
        return closedIdle;
    }

    int peakOpen() {
        return peakOpen;
    }

    private void take() {
        open++;
        opened++;
        if (open > peakOpen) {
            peakOpen = open;
        }
    }

    private void closeLeastRecentlyUsed() {
        Iterator<ConnectionPool.PooledConnection> it = idle.iterator();
        ConnectionPool.PooledConnection lru = it.next();
        it.remove();
        lru.pool.closeIdle(lru);
        closedIdle++;
    }

    /**
     * Hands free slots to waiting pools, first come first served, skipping a pool that no longer needs one. Not
     * re-entered: a connect that fails at once calls {@link #release} from inside {@code connectInSlot}.
     */
    private void grant() {
        if (granting) {
            return;
        }
        granting = true;
        try {
            while (open < bound && !waiting.isEmpty()) {
                ConnectionPool p = waiting.pollFirst();
                p.waitingForSlot = false;
                if (p.needsConnection()) {
                    take();
                    p.connectInSlot();
                }
            }
        } finally {
            granting = false;
        }
    }

    /** Drops the waiting pools at the head that need no connection any more (a connection of their own freed up). */
    private void forgetPoolsServedMeanwhile() {
        while (!waiting.isEmpty() && !waiting.peekFirst().needsConnection()) {
            waiting.pollFirst().waitingForSlot = false;
        }
    }
}
