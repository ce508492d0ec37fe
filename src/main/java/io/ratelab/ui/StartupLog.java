package io.ratelab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Start-up timing of the workbench, for {@code jlink/measure-startup.sh} and the image's CDS training run: with
 * {@code -Dratelab.startuplog} (any value) each step prints one line to standard error,
 * {@code ratelab.startup STEP EPOCH_MILLIS +MILLIS_SINCE_PROCESS_START cpu=MILLIS}, where {@code cpu} is the CPU time
 * the logging thread has used so far (Linux only; left out elsewhere): every step but {@code main} is logged by the FX
 * thread, whose CPU time is the start-up's critical path and less at the mercy of a noisy machine than the clock.
 * The steps are {@code main} (the workbench is about to launch), {@code toolkit} (JavaFX is up, {@code start}
 * called), {@code scene} (FXML loaded, scene built), {@code shown} ({@code Stage.show()} returned) and
 * {@code painted} (the second pulse after showing began: the first frame has been rendered). With {@code -Dratelab.startuplog=exit} the workbench then quits, as the
 * training run that records the class-data-sharing archive does. Without the property nothing is printed.
 */
public final class StartupLog {

    /** The property that turns the log on; the value {@code exit} also quits once the window is painted. */
    public static final String PROPERTY = "ratelab.startuplog";

    private static final String MODE = System.getProperty(PROPERTY);
    /** USER_HZ, the unit of CPU times in /proc: 100 on the architectures Linux runs the JDK on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private StartupLog() {
    }

    /** True when start-up steps are logged. */
    public static boolean enabled() {
        return MODE != null;
    }

    /** True when the workbench should quit after its window is painted. */
    public static boolean exitWhenPainted() {
        return "exit".equals(MODE);
    }

    /** Logs that {@code step} finished now, when the log is on. */
    public static void mark(String step) {
        if (MODE != null) {
            System.err.println(line(step, System.currentTimeMillis(), processStartMillis(), threadCpuMillis()));
        }
    }

    /**
     * One log line; the offset is left out ({@code +?}) when the process start time is unknown, the logging thread's
     * CPU time when that is (negative either way).
     */
    static String line(String step, long nowMillis, long processStartMillis, long threadCpuMillis) {
        return String.format(Locale.ROOT, "ratelab.startup %s %d +%s%s", step, nowMillis,
                processStartMillis < 0 ? "?" : Long.toString(nowMillis - processStartMillis),
                threadCpuMillis < 0 ? "" : " cpu=" + threadCpuMillis);
    }

    /** The calling thread's CPU time (user + system) from /proc in milliseconds, or -1 where there is none. */
    static long threadCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // fields after the command name in parentheses: state is field 3, utime 14, stime 15 (clock ticks)
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processStartMillis() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
