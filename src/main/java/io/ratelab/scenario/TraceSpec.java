package io.ratelab.scenario;

import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceOptions;
import io.ratelab.traffic.trace.TraceReplay;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A traffic group that replays a recorded trace, e.g.
 * {@code {name: tuesday, trace: {path: traces/tuesday.log, format: combined, speed: 10, loop: false}}}:
 * <pre>
 * trace:
 *   path: traces/tuesday.log    # relative to the scenario file; required
 *   format: combined            # combined | common | har | csv | jsonl | ratelab | an nginx log_format string;
 *                               #   default: detected from the file
 *   key: ip                     # who is a client: ip | forwarded | header:NAME | user | route | host | key | global;
 *                               #   default ip for logs, host (several hosts) or route for HAR, key for CSV /
 *                               #   JSON lines / recordings
 *   speed: 10                   # replay 10× faster than recorded; default 1
 *   loop: false                 # start over when the trace ends, until the duration; default false
 *   reorderWindow: 60s          # how far out of order lines may be and still be put in place, 0 to 1h;
 *                               #   default: measured from the file in a first pass, covering its disorder
 * </pre>
 * See {@link TraceReplay} for the timing and {@link io.ratelab.traffic.trace.TraceReader} for reading.
 */
public record TraceSpec(String path, String format, String key, Double speed, Boolean loop, Duration reorderWindow) {

    public TraceSpec {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path: is required, the trace file relative to the scenario, e.g."
                    + " traces/tuesday.log");
        }
        if (format != null) {
            TraceFormat.parse(format);
        }
        if (key != null) {
            TraceKey.parse(key);
        }
        if (speed != null && (!(speed > 0) || speed > TraceReplay.MAX_SPEED)) {
            throw new IllegalArgumentException("speed: must be above 0 and at most 1000000 (10 = ten times faster"
                    + " than recorded), got " + speed);
        }
        if (reorderWindow != null && (reorderWindow.isNegative() || reorderWindow.compareTo(Duration.ofHours(1)) > 0)) {
            throw new IllegalArgumentException("reorderWindow: must be 0 to 1h, got " + reorderWindow);
        }
    }

    /**
     * Reads the trace once and prepares its replay; the spreading of whole-second stamps is seeded by {@code seed}.
     *
     * @throws IllegalArgumentException {@code path: ...} (missing file, nothing readable) or {@code format: ...}
     */
    public TraceReplay toReplay(Path baseDir, long seed) {
        return toReplay(baseDir, seed, false);
    }

    /**
     * {@link #toReplay(Path, long)}, keeping the requests read in memory when {@code keep} (see
     * {@link TraceReplay#recorded}: for a caller that replays the whole trace at once, such as the tuner).
     */
    public TraceReplay toReplay(Path baseDir, long seed, boolean keep) {
        Path file = baseDir == null ? Path.of(path) : baseDir.resolve(path);
        TraceOptions options = TraceOptions.defaults().withSeed(seed)
                .withFormat(format == null ? null : TraceFormat.parse(format))
                .withKey(key == null ? null : TraceKey.parse(key));
        if (reorderWindow != null) {
            options = options.withReorderWindowNanos(reorderWindow.toNanos());
        }
        double sp = speed == null ? 1 : speed;
        boolean lp = loop != null && loop;
        return keep ? TraceReplay.recorded(file, options, sp, lp) : TraceReplay.of(file, options, sp, lp);
    }
}
