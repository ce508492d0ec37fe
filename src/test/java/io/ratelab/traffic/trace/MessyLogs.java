package io.ratelab.traffic.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixtures made here (never a copy of someone's log): small logs with the faults real logs have. */
public final class MessyLogs {

    private MessyLogs() {
    }

    /**
     * {@code messy.log} in {@code dir}: a combined log of 200 requests one second apart from 7 clients, in which line
     * 50 is written 28 s late, lines 12 and 153 are garbage, and line 122's user agent is cut off (no closing quote).
     * Read with the defaults: 200 requests, 1 repaired, 2 skipped, 0 late, up to 28 s out of order.
     */
    public static Path messyLog(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int second = i == 49 ? 20 : i;
            String agent = i == 120 ? "\"Mozilla/5.0 (X11" : "\"curl/8\"";
            lines.add("10.0.0." + i % 7 + " - - [19/Nov/2024:09:" + two(second / 60) + ":" + two(second % 60)
                    + " +0100] \"GET /items?id=" + i + " HTTP/1.1\" 200 5 \"-\" " + agent);
            if (i == 10 || i == 150) {
                lines.add("garbage " + i);
            }
        }
        Path log = dir.resolve("messy.log");
        Files.write(log, lines);
        return log;
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
