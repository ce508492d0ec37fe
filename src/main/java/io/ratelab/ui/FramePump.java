package io.ratelab.ui;

import javafx.animation.AnimationTimer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The workbench's one UI pump (STYLE.md point 9, after chart-fx's {@code FxEventProcessor}): a single
 * {@link AnimationTimer} that, once per pulse, lets each registered view model pull the newest published snapshot.
 * Background threads never call into the UI; they publish, and this pulls at most once per frame.
 *
 * <p>It also measures frame gaps ({@link PulseMonitor}); with {@code -Dratelab.pulselog=FILE} it appends one line per
 * second to FILE (the UI responsiveness benchmark of issue 6, {@code src/test/bench/pulse.sh}): frame gaps, heap, and
 * what {@link #logAlso} adds. FX thread only.
 */
public final class FramePump extends AnimationTimer {

    private static final long LOG_EVERY_NANOS = 1_000_000_000L;

    private final List<LongConsumer> frameListeners = new ArrayList<>();
    private final PulseMonitor monitor = new PulseMonitor();
    private Path logFile;
    private BufferedWriter log;
    private long lastLogNanos = -1;
    private Supplier<String> logDetail = () -> "";

    /** @param logFile where to append the per-second pulse line, or null for none */
    public FramePump(Path logFile) {
        this.logFile = logFile;
    }

    /** A pump that logs to {@code -Dratelab.pulselog} when that property is set. */
    public static FramePump fromSystemProperties() {
        String f = System.getProperty("ratelab.pulselog");
        return new FramePump(f == null || f.isBlank() ? null : Path.of(f));
    }

    /** Calls {@code listener} with the pulse time (nanos) on every frame, in registration order. */
    public void onFrame(LongConsumer listener) {
        frameListeners.add(listener);
    }

    /** Appends {@code detail}'s text (e.g. the live rates) to each pulse-log line; called on the FX thread. */
    public void logAlso(Supplier<String> detail) {
        this.logDetail = detail;
    }

    public PulseMonitor monitor() {
        return monitor;
    }

    @Override
    public void handle(long nowNanos) {
        monitor.tick(nowNanos);
        for (LongConsumer l : frameListeners) {
            l.accept(nowNanos);
        }
        if (logFile != null) {
            maybeLog(nowNanos);
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (log != null) {
            try {
                log.close();
            } catch (IOException ignored) {
                // the log is best effort; closing at exit cannot be reported anywhere useful
            }
            log = null;
        }
    }

    private void maybeLog(long nowNanos) {
        if (lastLogNanos < 0) {
            lastLogNanos = nowNanos;
            return;
        }
        if (nowNanos - lastLogNanos < LOG_EVERY_NANOS) {
            return;
        }
        lastLogNanos = nowNanos;
        Runtime rt = Runtime.getRuntime();
        String detail = logDetail.get();
        Instant now = Instant.now();
        PulseMonitor.Summary s = monitor.rollWindow();
        // when the window's longest gap ended, on the wall clock: to find it in a GC log or a JFR recording
        String gapAt = s.windowMaxGapEndNanos() < 0 ? "" : " window.maxGapAt="
                + now.minusNanos(Math.max(0, nowNanos - s.windowMaxGapEndNanos()));
        String line = now + " " + s.line(rt.totalMemory() - rt.freeMemory()) + gapAt
                + (detail.isEmpty() ? "" : " " + detail);
        try {
            if (log == null) {
                log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            log.write(line);
            log.newLine();
            log.flush();
        } catch (IOException e) {
            System.err.println("ratelab: cannot write the pulse log " + logFile + ": " + e.getMessage());
            log = null;
            logFile = null;
        }
    }
}
