package io.ratelab.ui;

import io.ratelab.scenario.Scenario;
import io.ratelab.traffic.TrafficPlan;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The traffic plan of the scenario opened (or tuned) last, its traces' requests kept in memory, with what it was read
 * for: a trace is read once, when its scenario is opened, and the Tune tab replays that plan while the scenario's
 * traffic, duration, seed and base directory are still the same, instead of reading the files again. Counts the
 * reads. Thread-safe (opened on the FX thread, used from the tuning thread).
 */
final class OpenedTraffic {

    private Scenario scenario;
    private Path base;
    private TrafficPlan plan;
    private long reads;

    /** Keeps {@code p}, just read for {@code s} with files under {@code b}. */
    synchronized void keep(Scenario s, Path b, TrafficPlan p) {
        scenario = s;
        base = b;
        plan = p;
        reads++;
    }

    /** The kept plan if it is {@code s}'s traffic under {@code b}, else reads it (outside the lock) and keeps it. */
    TrafficPlan planFor(Scenario s, Path b) {
        synchronized (this) {
            boolean same = plan != null && b.equals(base) && s.seed() == scenario.seed()
                    && Objects.equals(s.duration(), scenario.duration()) && s.traffic().equals(scenario.traffic());
            if (same) {
                return plan;
            }
        }
        TrafficPlan read = s.trafficPlan(b, true);
        keep(s, b, read);
        return read;
    }

    /** How many plans were read. */
    synchronized long reads() {
        return reads;
    }
}
