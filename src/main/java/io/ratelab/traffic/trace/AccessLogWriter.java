package io.ratelab.traffic.trace;

import io.ratelab.traffic.ArrivalStream;
import io.ratelab.traffic.TrafficPlan;

import java.io.IOException;
import java.io.Writer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Writes the first attempts of a {@link TrafficPlan} as an access log in the {@code combined} format, the way nginx
 * would have logged them: whole-second {@code $time_local} stamps in a given offset, the client's plan address as
 * {@code $remote_addr}, its group's route, status 200. For sample traces and benchmarks: what the model sends, as a
 * log that {@link TraceReader} reads back (with its seconds spread again). Not thread-safe.
 */
public final class AccessLogWriter {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private AccessLogWriter() {
    }

    /**
     * Writes {@code plan}'s first attempts, the run starting at {@code startEpochSecond}.
     *
     * @return the number of lines written
     */
    public static long writeCombined(TrafficPlan plan, long startEpochSecond, ZoneOffset zone, Writer out)
            throws IOException {
        ArrivalStream s = plan.stream();
        StringBuilder line = new StringBuilder(160);
        long lastSecond = Long.MIN_VALUE;
        String stamp = "";
        long n = 0;
        while (s.advance()) {
            long second = startEpochSecond + s.timeNanos() / TraceRequest.SECOND;
            if (second != lastSecond) {
                stamp = timeLocal(second, zone);
                lastSecond = second;
            }
            String route = plan.groups().get(s.group()).route();
            int sp = route.indexOf(' ');
            line.setLength(0);
            line.append(plan.addressOf(s.group(), s.client())).append(" - - [").append(stamp).append("] \"")
                    .append(route, 0, sp).append(' ').append(route, sp + 1, route.length())
                    .append(" HTTP/1.1\" 200 512 \"-\" \"ratelab/").append(plan.groups().get(s.group()).name())
                    .append("\"\n");
            out.append(line);
            n++;
        }
        return n;
    }

    /** {@code 19/Nov/2024:10:00:00 +0000}. */
    static String timeLocal(long epochSecond, ZoneOffset zone) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, zone);
        int off = zone.getTotalSeconds() / 60;
        return String.format(Locale.ROOT, "%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d", t.getDayOfMonth(),
                MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond(),
                off < 0 ? "-" : "+", Math.abs(off) / 60, Math.abs(off) % 60);
    }
}
