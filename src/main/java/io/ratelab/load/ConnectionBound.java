package io.ratelab.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * How many connections the load generator may hold open at once, so that it never runs out of file descriptors
 * ("Too many open files") because of its own connections: what the file limit leaves after the descriptors open now
 * and a reserve, divided by the descriptors one connection costs.
 *
 * <pre>
 *   connections = (maxFds - openFds - reserveFds) / fdsPerConnection      (at least 1)
 *   reserveFds  = max(64, maxFds / 5)
 * </pre>
 *
 * <p>One connection costs 1 descriptor when the target is another process ({@code load}) and 3 when it is served in
 * this process ({@code run}, the workbench): its two ends, and the proxy's end of a connection the generator has
 * already closed, which stays open until the proxy's IO thread reads the close — under load that lags, and at
 * 10 000 closes a second the proxy held 3 500 such ends (measured: with 2 per connection the process reached its
 * file limit of 20 000, the proxy's accepts failed with "Too many open files" and XNIO paused accepting for up to
 * 4 s). The reserve is for what else the process opens while the run goes on: the proxy's upstream connections (2
 * descriptors each in-process), report and log files, the JVM's own. With a file limit of 20 000 and 150
 * descriptors open, {@code run} may hold (20 000 - 150 - 4 000) / 3 = 5 283 connections.
 *
 * @param maxFds           the process's file limit (soft {@code RLIMIT_NOFILE}); {@code Long.MAX_VALUE} if unknown
 * @param openFds          descriptors open when the bound was taken
 * @param reserveFds       descriptors left for everything else
 * @param fdsPerConnection 1 (target in another process) or 3 (target in this process: 2 ends and a lagging close)
 * @param connections      the bound: connections the generator may hold open (or be opening) at once
 * @param lowerBound       why the bound is lower than the file limit allows ("the proxy's clients.maxConnections"), or
 *                         null
 */
public record ConnectionBound(long maxFds, long openFds, long reserveFds, int fdsPerConnection, int connections,
                              String lowerBound) {

    /** The smallest reserve, in descriptors. */
    public static final long MIN_RESERVE_FDS = 64;
    /** The reserve as a fraction of the file limit, when that is larger: 1/5. */
    public static final int RESERVE_DIVISOR = 5;
    /** Descriptors a connection costs when the target is in this process: its two ends and a lagging close. */
    public static final int IN_PROCESS_FDS = 3;

    public ConnectionBound {
        if (fdsPerConnection != 1 && fdsPerConnection != IN_PROCESS_FDS) {
            throw new IllegalArgumentException("fdsPerConnection must be 1 or " + IN_PROCESS_FDS + ", got "
                    + fdsPerConnection);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
    }

    /** The bound for a target in another process (1 descriptor per connection), from this process's file limit. */
    public static ConnectionBound forRemoteTarget() {
        return fromFileLimit(1);
    }

    /** The bound for a target served in this process ({@value #IN_PROCESS_FDS} descriptors a connection). */
    public static ConnectionBound forTargetInProcess() {
        return fromFileLimit(IN_PROCESS_FDS);
    }

    /**
     * The bound for proxies served in this process ({@code run}, the workbench) that accept {@code accepted} client
     * connections in all ({@code clients.maxConnections}, summed over the replicas): what the file limit allows at
     * {@value #IN_PROCESS_FDS} descriptors a connection, and at most nine tenths of {@code accepted} — the tenth covers connections the
     * generator has closed and a proxy has not yet seen close, which it still counts.
     */
    public static ConnectionBound forProxiesInProcess(long accepted) {
        return forTargetInProcess().atMost((int) Math.min(Integer.MAX_VALUE, accepted * 9 / 10),
                "nine tenths of the proxies' clients.maxConnections (" + accepted + ")");
    }

    /**
     * From this process's file limit and open descriptors ({@code com.sun.management.UnixOperatingSystemMXBean});
     * where the platform reports none (Windows), no bound from the file limit ({@link Integer#MAX_VALUE}).
     */
    static ConnectionBound fromFileLimit(int fdsPerConnection) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return of(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount(), fdsPerConnection);
        }
        return new ConnectionBound(Long.MAX_VALUE, 0, 0, fdsPerConnection, Integer.MAX_VALUE, null);
    }

    /** The bound for a file limit of {@code maxFds} with {@code openFds} open. */
    static ConnectionBound of(long maxFds, long openFds, int fdsPerConnection) {
        long reserve = Math.max(MIN_RESERVE_FDS, maxFds / RESERVE_DIVISOR);
        long free = maxFds - Math.max(0, openFds) - reserve;
        long n = Math.max(1, free / fdsPerConnection);
        return new ConnectionBound(maxFds, openFds, reserve, fdsPerConnection, (int) Math.min(Integer.MAX_VALUE, n),
                null);
    }

    /**
     * The same reckoning, lowered to {@code cap} connections if that is smaller, for the reason {@code why} (e.g.
     * how many connections the target accepts).
     */
    public ConnectionBound atMost(int cap, String why) {
        return cap >= connections ? this
                : new ConnectionBound(maxFds, openFds, reserveFds, fdsPerConnection, Math.max(1, cap), why);
    }

    /**
     * One line for the user: "5283 (file limit 20000, 150 open, 4000 reserved, 3 per connection)", with "; lowered
     * for ..." when {@link #atMost} lowered it.
     */
    public String describe() {
        String fds = maxFds == Long.MAX_VALUE ? "no file limit reported"
                : String.format(Locale.ROOT, "file limit %d, %d open, %d reserved, %d per connection", maxFds, openFds,
                reserveFds, fdsPerConnection);
        String count = connections == Integer.MAX_VALUE ? "no bound" : Integer.toString(connections);
        return count + " (" + fds + (lowerBound == null ? "" : "; lowered for " + lowerBound) + ")";
    }
}
