package io.ratelab.ui;

import io.ratelab.load.LoadResult;
import io.ratelab.report.RunReport;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.scenario.TrafficSpec;
import io.ratelab.traffic.RateProfile;
import io.ratelab.ui.live.LiveSession;
import io.ratelab.ui.live.LiveViewModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts, follows and stops the window's live session: hands its snapshots to the live tab, its addresses and rates
 * to the status bar, and the selected limiter to the running proxy. Called on the FX thread only; the session's own
 * threads never call back.
 */
final class LiveRunControl {

    private final LiveViewModel live;
    private final StatusBarViewModel status;
    private LiveSession session;
    private boolean announced;
    private List<Integer> clients = List.of();
    private List<RateProfile> profiles = List.of();
    private LiveSession last;
    private int changesShown;
    private java.util.function.BiConsumer<String, io.ratelab.metrics.MetricsSnapshot> measured = (l, s) -> { };

    LiveRunControl(LiveViewModel live, StatusBarViewModel status) {
        this.live = live;
        this.status = status;
    }

    /**
     * Tells {@code listener} what a run through the embedded proxy measured once it ends (or is stopped) with one
     * limiter in force throughout: that limiter's name and the run's last snapshot. A run whose limiter was swapped
     * measured a mix and is not reported.
     */
    void onMeasured(java.util.function.BiConsumer<String, io.ratelab.metrics.MetricsSnapshot> listener) {
        measured = listener;
    }

    private void reportMeasured(LiveSession s) {
        reportMeasured(s, live.lastSnapshot());
    }

    private void reportMeasured(LiveSession s, io.ratelab.metrics.MetricsSnapshot snapshot) {
        List<io.ratelab.report.RunReport.LimiterChange> changes = s.limiterChanges();
        if (s.upstreamUrl() != null && !s.upstreamUrl().startsWith("external") && changes.size() == 1
                && snapshot != null) {
            measured.accept(changes.get(0).limiter().name(), snapshot);
        }
    }

    /** Starts a live run of {@code scenario} with {@code limiter} in the proxy. */
    void start(Scenario scenario, Path baseDir, ScenarioLimiter limiter, io.ratelab.load.HttpTarget external) {
        scenario.checkLive();
        session = LiveSession.start(new LiveSession.Setup(scenario, baseDir, limiter, external));
        last = session;
        announced = false;
        changesShown = 0;
        List<RateProfile> p = new ArrayList<>();
        List<Integer> c = new ArrayList<>();
        for (TrafficSpec t : scenario.traffic()) {
            if (t.trace() != null) {
                continue;   // a replayed trace has no modelled rate; the target rate counts modelled groups only
            }
            p.add(t.arrival().profile(baseDir));
            c.add(t.clients() == null ? 1 : t.clients());
        }
        profiles = p;
        clients = c;
        live.attach(session::snapshot);
        status.say("Starting the demo upstream, the proxy and the generator…");
    }

    /** Stops the run in the background; the charts keep its last snapshot. */
    void stop() {
        LiveSession s = session;
        if (s == null) {
            return;
        }
        io.ratelab.metrics.MetricsSnapshot shown = live.lastSnapshot();
        // the measurement for Compare comes from the run's final snapshot, once the generator has stopped: a run
        // stopped within its first second has no admitted latency in the last snapshot the charts pulled
        Thread t = new Thread(() -> {
            s.stop();
            io.ratelab.metrics.MetricsSnapshot last = s.snapshot();
            javafx.application.Platform.runLater(() -> reportMeasured(s, last != null ? last : shown));
        }, "ratelab-stop");
        t.setDaemon(true);
        t.start();
        live.detach();
        status.stopped();
        status.say("Stopped");
        session = null;
    }

    /** Stops the run and waits for the proxy and upstream to close (the window is closing). */
    void stopNow() {
        LiveSession s = session;
        if (s != null) {
            session = null;
            s.stop();
        }
    }

    /** Sends {@code limiter} to the running proxy (hot swap); ignored when nothing runs. */
    void apply(ScenarioLimiter limiter) {
        if (session != null && limiter != null) {
            session.apply(limiter);
        }
    }

    boolean isRunning() {
        return session != null;
    }

    /** The running session, or null. */
    LiveSession session() {
        return session;
    }

    /**
     * Once per frame: announces the addresses when the servers are up, updates rates, and notices the end.
     *
     * @return false when the run ended during this frame
     */
    boolean onFrame() {
        LiveSession s = session;
        if (s == null) {
            return true;
        }
        LiveSession.State state = s.state();
        if (!announced && state == LiveSession.State.RUNNING) {
            announced = true;
            status.running(s.targetUrl(), s.upstreamUrl());
            int n = s.proxies().size();
            status.say("Running " + s.scenario().name() + (n > 1 ? " on " + n + " replicas ("
                    + (s.scenario().sharedStore() ? "sharing one limit through " + s.scenario().redisUri()
                    : "each limiting alone") + "), traffic round-robin" : "") + " — curl " + s.targetUrl());
        }
        // only with new numbers (once a second): a ramp's target changes every frame, and every text that changes
        // makes the renderer paint the window again (issue 21)
        if (live.pull()) {
            double elapsed = s.elapsedNanos();
            live.targetRateProperty().set(targetAt((long) elapsed));
            status.rates(live.achievedRateProperty().get(), live.targetRateProperty().get(), elapsed > 3e9,
                    live.lateRateProperty().get());
        }
        if (s.limiterChangeCount() != changesShown) {
            showSwaps(s);
        }
        if (!s.problem().isEmpty()) {
            status.warn(s.problem());
        }
        if (state == LiveSession.State.FINISHED || state == LiveSession.State.FAILED) {
            finished(s, state);
            return false;
        }
        return true;
    }

    /** Marks a new swap on the live charts and says it in the status bar. */
    private void showSwaps(LiveSession s) {
        List<RunReport.LimiterChange> changes = s.limiterChanges();
        changesShown = changes.size();
        live.showLimiterChanges(changes);
        if (changes.size() > 1) {
            status.say(LiveViewModel.swapText(changes.get(changes.size() - 1)));
        }
    }

    private void finished(LiveSession s, LiveSession.State state) {
        live.detach();
        status.stopped();
        session = null;
        if (state == LiveSession.State.FAILED) {
            status.warn("The live run failed: " + s.problem());
            return;
        }
        reportMeasured(s);
        LoadResult r = s.result();
        status.say("Finished: " + s.scenario().name());
        if (r != null && !r.warnings().isEmpty()) {
            status.warn(r.warnings().get(0).replaceFirst("^WARNING: ", ""));
        }
    }

    /**
     * The report of the newest live run (running or ended), from its newest snapshot; null before any run.
     */
    RunReport report() {
        LiveSession s = last;
        if (s == null || live.lastSnapshot() == null) {
            return null;
        }
        long elapsed = live.lastSnapshot().elapsedNanos();
        double planned = 0;
        for (int i = 0; i < profiles.size(); i++) {
            planned += clients.get(i) * profiles.get(i).expectedCount(elapsed);
        }
        List<String> warnings = new ArrayList<>();
        if (s.result() != null) {
            warnings.addAll(s.result().warnings());
        }
        if (!s.problem().isEmpty()) {
            warnings.add(s.problem());
        }
        String target = s.targetUrl() == null ? "(not started)" : s.targetUrl();
        return new RunReport(s.scenario().name(), target, elapsed == 0 ? 0 : planned * 1e9 / elapsed,
                s.limiterChanges(), warnings, live.lastSnapshot());
    }

    /**
     * The scenario's intended rate of first attempts over all groups at {@code nanos} since start, requests per
     * second (retries come on top of it).
     */
    double targetAt(long nanos) {
        double sum = 0;
        for (int i = 0; i < profiles.size(); i++) {
            sum += clients.get(i) * profiles.get(i).rateAt(nanos);
        }
        return sum;
    }
}
