package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalProcess;
import io.ratelab.traffic.ClientArrivals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.ratelab.traffic.trace.Traces.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trace replayed from the requests kept by its one read gives exactly what streaming the file again gives. */
class RecordedReplayTest {

    @TempDir
    Path dir;

    private static long[] drain(ClientArrivals a) {
        List<Long> out = new ArrayList<>();
        for (long t = a.nextNanos(); t != ArrivalProcess.END; t = a.nextNanos()) {
            out.add(t);
            out.add((long) a.client());
        }
        assertEquals(ArrivalProcess.END, a.nextNanos(), "stays ended");
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static void sameReplay(Path file, double speed, boolean loop, long duration) {
        TraceReplay streamed = TraceReplay.of(file, TraceOptions.defaults(), speed, loop);
        TraceReplay kept = TraceReplay.recorded(file, TraceOptions.defaults(), speed, loop);
        assertFalse(streamed.isRecorded());
        assertTrue(kept.isRecorded());
        assertEquals(streamed.clients(), kept.clients());
        assertEquals(streamed.lengthNanos(), kept.lengthNanos());
        long[] a = drain(streamed.open(new SplittableRandom(1), duration));
        long[] b = drain(kept.open(new SplittableRandom(2), duration));
        assertTrue(a.length > 0);
        assertArrayEquals(a, b, "speed " + speed + (loop ? ", loop" : ""));
        assertArrayEquals(b, drain(kept.open(null, duration)), "every open replays from the start");
    }

    @Test
    void messyLogReordersSpreadsAndSkipsTheSameWay() throws Exception {
        Path log = MessyLogs.messyLog(dir);
        sameReplay(log, 1, false, 1000 * SECOND);
        sameReplay(log, 7, false, 10 * SECOND);
        sameReplay(log, 2, true, 300 * SECOND);
    }

    @Test
    void manyClientsInDisorderWithSubSecondStamps() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,key,method,path");
        long t = 1_732_010_400_000L;
        for (int i = 0; i < 3000; i++) {
            t += r.nextInt(40);
            long jitter = r.nextInt(10) == 0 ? -r.nextInt(2000) : 0;
            lines.add((t + jitter) + ",c" + r.nextInt(300) + ",GET,/x");
        }
        Path csv = dir.resolve("many.csv");
        Files.write(csv, lines);
        sameReplay(csv, 1, false, 1000 * SECOND);
        sameReplay(csv, 3, true, 200 * SECOND);
    }
}
