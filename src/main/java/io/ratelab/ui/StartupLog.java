package io.ratelab.ui;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * Start-up timing of the workbench, for {@code jlink/measure-startup.sh} and the image's CDS training run: with
 * {@code -Dratelab.startuplog} (any value) each step prints one line to standard error,
 * {@code ratelab.startup STEP EPOCH_MILLIS +MILLIS_SINCE_PROCESS_START}. The steps are {@code main} (the workbench
 * is about to launch), {@code toolkit} (JavaFX is up, {@code start} called), {@code scene} (FXML loaded, scene
 * built), {@code shown} ({@code Stage.show()} returned) and {@code painted} (the second pulse after showing began:
 * the first frame has been rendered). With {@code -Dratelab.startuplog=exit} the workbench then quits, as the
 * training run that records the class-data-sharing archive does. Without the property nothing is printed.
 */
public final class StartupLog {

    /** The property that turns the log on; the value {@code exit} also quits once the window is painted. */
    public static final String PROPERTY = "ratelab.startuplog";

    private static final String MODE = System.getProperty(PROPERTY);

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
            print(System.err, step, System.currentTimeMillis(), processStartMillis());
        }
    }

    static void print(PrintStream out, String step, long nowMillis, long processStartMillis) {
        out.println(line(step, nowMillis, processStartMillis));
    }

    /** One log line; the offset is left out ({@code +?}) when the process start time is unknown (negative). */
    static String line(String step, long nowMillis, long processStartMillis) {
        return String.format(Locale.ROOT, "ratelab.startup %s %d +%s", step, nowMillis,
                processStartMillis < 0 ? "?" : Long.toString(nowMillis - processStartMillis));
    }

    private static long processStartMillis() {
        return ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
