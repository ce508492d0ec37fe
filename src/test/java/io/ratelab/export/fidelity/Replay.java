package io.ratelab.export.fidelity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sends a planned trace to a real engine at its planned times and records, per send, the instant it was actually
 * written ({@code System.nanoTime()}) and the status the engine answered. Every send has its own connection,
 * opened (and bound to the key's source address when there is one) before the replay starts, so no request waits
 * behind another on a connection and the write is the request's arrival. One selector thread reads the status
 * lines; the calling thread writes.
 */
final class Replay {

    /** What happened to each send, in plan order. */
    record Outcome(long[] sentNanos, int[] status) {
    }

    private Replay() {
    }

    /**
     * Replays {@code sends} to {@code 127.0.0.1:port}.
     *
     * @param source  the local address for a key, or null for the default
     * @param headers extra request header lines for a key ({@code "X-Api-Key: k3\r\n"}), or ""
     */
    static Outcome run(List<TracePlan.Send> sends, int port, IntFunction<InetAddress> source,
                       IntFunction<String> headers, long timeoutSeconds) throws IOException, InterruptedException {
        return run(sends, new int[]{port}, source, headers, timeoutSeconds)[0];
    }

    /**
     * Replays {@code sends} to every one of {@code ports} at once: each send is written to each engine in turn,
     * microseconds apart, so engines side by side see the same trace at the same instants.
     *
     * @return one outcome per port, in the order given
     */
    static Outcome[] run(List<TracePlan.Send> sends, int[] ports, IntFunction<InetAddress> source,
                         IntFunction<String> headers, long timeoutSeconds) throws IOException, InterruptedException {
        int n = sends.size();
        int e = ports.length;
        long[][] sent = new long[e][n];
        int[][] status = new int[e][n];
        SocketChannel[] channels = new SocketChannel[n * e];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < n * e; i++) {
                SocketChannel c = SocketChannel.open();
                InetAddress local = source.apply(sends.get(i / e).key());
                if (local != null) {
                    c.bind(new InetSocketAddress(local, 0));
                }
                c.connect(new InetSocketAddress("127.0.0.1", ports[i % e]));
                c.configureBlocking(false);
                channels[i] = c;
            }
            CountDownLatch done = new CountDownLatch(n * e);
            Thread reader = new Thread(() -> readStatuses(selector, status, done), "replay-reader");
            reader.setDaemon(true);
            for (int i = 0; i < n * e; i++) {
                channels[i].register(selector, SelectionKey.OP_READ, new Pending(i / e, i % e));
            }
            reader.start();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            for (int i = 0; i < n; i++) {
                TracePlan.Send s = sends.get(i);
                byte[] request = ("GET /r" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers.apply(s.key())
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                waitUntil(start + s.atNanos());
                for (int j = 0; j < e; j++) {
                    sent[j][i] = System.nanoTime();
                    ByteBuffer b = ByteBuffer.wrap(request);
                    while (b.hasRemaining()) {
                        channels[i * e + j].write(b);
                    }
                }
            }
            boolean finished = done.await(timeoutSeconds, TimeUnit.SECONDS);
            reader.interrupt();
            selector.wakeup();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            if (!finished) {
                throw new IllegalStateException((done.getCount()) + " of " + n * e + " requests got no answer within "
                        + timeoutSeconds + " s");
            }
        } finally {
            for (SocketChannel c : channels) {
                if (c != null) {
                    c.close();
                }
            }
        }
        Outcome[] out = new Outcome[e];
        for (int j = 0; j < e; j++) {
            out[j] = new Outcome(sent[j], status[j]);
        }
        return out;
    }

    /** Parks until close to {@code deadline}, then spins the last 200 µs for a precise send. */
    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 200_000) {
            LockSupport.parkNanos(left - 200_000);
        }
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static final class Pending {
        final int index;
        final int engine;
        final StringBuilder head = new StringBuilder();

        Pending(int index, int engine) {
            this.index = index;
            this.engine = engine;
        }
    }

    private static void readStatuses(Selector selector, int[][] status, CountDownLatch done) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        try {
            while (!Thread.currentThread().isInterrupted() && done.getCount() > 0) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Pending p = (Pending) key.attachment();
                    SocketChannel c = (SocketChannel) key.channel();
                    buf.clear();
                    int read;
                    try {
                        read = c.read(buf);
                    } catch (IOException e) {
                        read = -1;
                    }
                    if (read > 0) {
                        p.head.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
                    }
                    int eol = p.head.indexOf("\r\n");
                    if (eol >= 12 || read < 0) {
                        status[p.engine][p.index] = eol >= 12 ? Integer.parseInt(p.head.substring(9, 12)) : -1;
                        key.cancel();
                        c.close();
                        done.countDown();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException("replay reader failed", e);
        }
    }
}
