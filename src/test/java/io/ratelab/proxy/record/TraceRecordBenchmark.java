package io.ratelab.proxy.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.CharArrayWriter;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How fast the trace recorder's writer thread turns records into JSON lines: Jackson's {@link JsonGenerator} (what
 * {@link TraceRecorder} uses, through its own {@code write}) against the hand-written escaping it replaced (kept
 * here as the baseline), both into an in-memory writer, 1,024 records per operation with keys and paths that need
 * escaping now and then. The recorder's budget is the proxy's request rate (tens of thousands per second on this
 * machine); either way is far above it, so the library wins on not being ours to get wrong.
 *
 * <pre>mvn -o -Pbench test-compile exec:exec -Dbench.args='TraceRecordBenchmark -f 1 -wi 3 -i 5'</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TraceRecordBenchmark {

    private static final int RECORDS = 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final TraceRecorder.Entry[] entries = new TraceRecorder.Entry[RECORDS];
    private final CharArrayWriter out = new CharArrayWriter(256 * RECORDS);
    private final StringBuilder line = new StringBuilder(256);
    private JsonGenerator generator;

    @Setup(Level.Trial)
    public void records() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        long t = 1_732_400_000_000_000_000L;
        for (int i = 0; i < RECORDS; i++) {
            t += random.nextLong(1_000_000L);
            String key = random.nextInt(50) == 0 ? "k\"" + i + "\\x" : "10.0." + random.nextInt(256) + "."
                    + random.nextInt(256);
            String path = random.nextInt(100) == 0 ? "/items/\t" + i : "/api/items/" + random.nextInt(10_000);
            entries[i] = new TraceRecorder.Entry(t, key, "GET", path, "api",
                    random.nextInt(5) == 0 ? "rejected" : "admitted", TraceRecorder.Shadow.NONE, 200);
        }
        generator = JSON.createGenerator(out).setRootValueSeparator(null);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int jackson() throws IOException {
        out.reset();
        for (TraceRecorder.Entry e : entries) {
            TraceRecorder.write(generator, e, 0);
        }
        generator.flush();
        return out.size();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public int handWritten() {
        out.reset();
        for (TraceRecorder.Entry e : entries) {
            line.setLength(0);
            format(e, line);
            out.append(line);
        }
        return out.size();
    }

    /** The recorder's former hand-written line, with the fields the recorder writes now. */
    private static void format(TraceRecorder.Entry e, StringBuilder b) {
        b.append("{\"ts\":").append(TraceRecorder.epochSeconds(e.arrivalNanos()));
        b.append(",\"key\":");
        json(b, e.key());
        b.append(",\"method\":");
        json(b, e.method());
        b.append(",\"path\":");
        json(b, e.path());
        b.append(",\"limiter\":");
        json(b, e.limiter());
        b.append(",\"outcome\":\"").append(e.outcome()).append("\",\"status\":").append(e.status())
                .append("}\n");
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
}
