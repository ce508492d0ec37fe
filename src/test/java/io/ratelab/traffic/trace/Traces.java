package io.ratelab.traffic.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: write a trace file, read it back whole. */
final class Traces {

    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;

    private Traces() {
    }

    static Path write(Path dir, String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    /** Every request with its client key, and the reader's tallies, from one read. */
    record Read(List<TraceRequest> requests, List<String> keys, LineTally skipped, LineTally late, long reordered,
                TraceFormat format) {
        long time(int i) {
            return requests.get(i).epochNanos();
        }
    }

    static Read read(Path file, TraceOptions options) {
        try (TraceReader r = TraceReader.open(file, options)) {
            List<TraceRequest> out = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            while (r.advance()) {
                out.add(r.request());
                keys.add(r.clientKey());
            }
            return new Read(out, keys, r.skipped(), r.late(), r.reordered(), r.format());
        }
    }

    static Read read(Path file) {
        return read(file, TraceOptions.defaults());
    }

    static Read read(Path file, String format) {
        return read(file, TraceOptions.defaults().withFormat(TraceFormat.parse(format)));
    }
}
