package io.ratelab.proxy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records every request as one JSON line (the format the README documents under "Trace recording"):
 * <pre>{"ts":1732400000.123456,"key":"127.0.0.1","method":"GET","path":"/items","outcome":"admitted","status":200}</pre>
 * {@code ts} is the arrival time in epoch seconds with microseconds, derived from the proxy's monotonic clock and one
 * wall-clock reading at start, so it never goes backwards. IO threads only {@code offer} to a bounded queue (a full
 * queue drops the record and counts it, never blocks); one background thread writes through a buffer and flushes when
 * the queue runs dry and on {@link #close()}. Thread-safe.
 */
final class TraceRecorder implements AutoCloseable {

    private static final Entry POISON = new Entry(0, "", "", "", Outcome.ERROR, 0);

    private final Path file;
    private final long epochMicrosAtZero;
    private final long clockAtZero;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(1 << 16);
    private final LongAdder dropped = new LongAdder();
    private final BufferedWriter out;
    private final Thread writer;
    private volatile IOException failure;
    private boolean closed;

    /**
     * Opens {@code file} for appending and starts the writer thread.
     *
     * @param clockNow the proxy clock's reading that corresponds to the current wall-clock time
     */
    TraceRecorder(Path file, long clockNow) throws IOException {
        this.file = file;
        this.clockAtZero = clockNow;
        java.time.Instant now = java.time.Instant.now();
        this.epochMicrosAtZero = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.writer = new Thread(this::drain, "ratelab-trace-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues one record; never blocks. */
    void record(long arrivalNanos, String key, String method, String path, Outcome outcome, int status) {
        if (!queue.offer(new Entry(arrivalNanos, key, method, path, outcome, status))) {
            dropped.increment();
        }
    }

    long dropped() {
        return dropped.sum();
    }

    Path file() {
        return file;
    }

    /** Writes what is queued, flushes and closes the file. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(POISON);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(1024);
        StringBuilder line = new StringBuilder(256);
        try (BufferedWriter w = out) {
            while (true) {
                Entry first = queue.poll();
                if (first == null) {
                    w.flush();
                    first = queue.take();
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                for (Entry e : batch) {
                    if (e == POISON) {
                        return;
                    }
                    line.setLength(0);
                    format(e, line);
                    w.append(line);
                }
                batch.clear();
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void format(Entry e, StringBuilder b) {
        long micros = epochMicrosAtZero + (e.arrivalNanos - clockAtZero) / 1_000;
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        b.append("{\"ts\":").append(seconds).append('.');
        String f = Long.toString(fraction);
        b.append("000000", 0, 6 - f.length()).append(f);
        b.append(",\"key\":");
        json(b, e.key);
        b.append(",\"method\":");
        json(b, e.method);
        b.append(",\"path\":");
        json(b, e.path);
        b.append(",\"outcome\":\"").append(e.outcome.label()).append("\",\"status\":").append(e.status).append("}\n");
    }

    private static void json(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private record Entry(long arrivalNanos, String key, String method, String path, Outcome outcome, int status) {
    }
}
