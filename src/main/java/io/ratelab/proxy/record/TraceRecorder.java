package io.ratelab.proxy.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;
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
 * <pre>{"ts":1732400000.123456789,"key":"127.0.0.1","method":"GET","path":"/items","limiter":"api","outcome":"admitted","status":200}</pre>
 * {@code ts} is the arrival time in epoch seconds with nanoseconds: the proxy clock's reading the limiter decided at,
 * plus a fixed offset to the epoch (zero for the proxy's default epoch clock), so a replay at these times
 * meets the same decisions and the times never go backwards. {@code limiter} names the limiter that decided. A
 * request decided in shadow mode also has {@code "shadow":"rejected"} (refused, forwarded all the same) or
 * {@code "shadow":"admitted"}. Lines are written with Jackson's streaming {@link JsonGenerator}, which escapes keys
 * and paths.
 *
 * <p>IO threads only {@code offer} to a bounded queue (a full queue drops the record and counts it, never blocks);
 * one background thread writes through a buffer and flushes when the queue runs dry and on {@link #close()}.
 * Thread-safe.
 */
public final class TraceRecorder implements AutoCloseable {

    /** What a shadow-mode decision would have been; {@link #NONE} for an enforcing limiter. */
    public enum Shadow { NONE, ADMITTED, REJECTED }

    private static final JsonFactory JSON = new JsonFactory();
    private static final Entry POISON = new Entry(0, "", "", "", null, "error", Shadow.NONE, 0);

    private final Path file;
    private final long epochOffsetNanos;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(1 << 16);
    private final LongAdder dropped = new LongAdder();
    private final JsonGenerator out;
    private final Thread writer;
    private volatile IOException failure;
    private boolean closed;

    /**
     * Opens {@code file} for appending and starts the writer thread.
     *
     * @param epochOffsetNanos what to add to a reading of the proxy clock to get epoch nanoseconds
     */
    public TraceRecorder(Path file, long epochOffsetNanos) throws IOException {
        this.file = file;
        this.epochOffsetNanos = epochOffsetNanos;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.out = JSON.createGenerator(w).setRootValueSeparator(null);
        this.writer = new Thread(this::drain, "ratelab-trace-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Queues one record; never blocks. {@code limiter} is null when no limiter decided; {@code outcome} is the
     * outcome's label ({@code admitted}, {@code rejected}, {@code error}).
     */
    public void record(long arrivalNanos, String key, String method, String path, String limiter, String outcome,
                Shadow shadow, int status) {
        if (!queue.offer(new Entry(arrivalNanos, key, method, path, limiter, outcome, shadow, status))) {
            dropped.increment();
        }
    }

    public long dropped() {
        return dropped.sum();
    }

    public Path file() {
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
        try (JsonGenerator g = out) {
            while (true) {
                Entry first = queue.poll();
                if (first == null) {
                    g.flush();
                    first = queue.take();
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                for (Entry e : batch) {
                    if (e == POISON) {
                        return;
                    }
                    write(g, e, epochOffsetNanos);
                }
                batch.clear();
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One record as one line. */
    static void write(JsonGenerator g, Entry e, long epochOffsetNanos) throws IOException {
        g.writeStartObject();
        g.writeFieldName("ts");
        g.writeNumber(epochSeconds(e.arrivalNanos + epochOffsetNanos));
        g.writeStringField("key", e.key);
        g.writeStringField("method", e.method);
        g.writeStringField("path", e.path);
        if (e.limiter != null) {
            g.writeStringField("limiter", e.limiter);
        }
        g.writeStringField("outcome", e.outcome);
        if (e.shadow != Shadow.NONE) {
            g.writeStringField("shadow", e.shadow == Shadow.REJECTED ? "rejected" : "admitted");
        }
        g.writeNumberField("status", e.status);
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** Epoch nanoseconds as decimal seconds with nine digits: {@code 1732400000.123456789}. */
    static String epochSeconds(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        String fraction = Long.toString(Math.floorMod(epochNanos, 1_000_000_000L));
        return seconds + "." + "000000000".substring(fraction.length()) + fraction;
    }

    /** One request to record. */
    record Entry(long arrivalNanos, String key, String method, String path, String limiter, String outcome,
                 Shadow shadow, int status) {
    }
}
