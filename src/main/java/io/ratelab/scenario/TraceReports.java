package io.ratelab.scenario;

import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.traffic.trace.TraceReadReport;
import io.ratelab.traffic.trace.TraceReplay;

import java.util.ArrayList;
import java.util.List;

/** The reading report of every trace group of a scenario's traffic plan, in group order. Stateless. */
public final class TraceReports {

    private TraceReports() {
    }

    /**
     * One {@link TraceReadReport} per group of {@code plan} that replays a trace, with the path as {@code scenario}
     * names it; empty when no group replays a trace.
     */
    public static List<TraceReadReport> of(Scenario scenario, TrafficPlan plan) {
        List<TraceReadReport> reports = new ArrayList<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            TrafficGroup g = plan.groups().get(i);
            if (g.arrivals() instanceof TraceReplay replay) {
                TraceSpec spec = i < scenario.traffic().size() ? scenario.traffic().get(i).trace() : null;
                String path = spec != null ? spec.path() : replay.summary().file().toString();
                reports.add(TraceReadReport.of(g.name(), path, replay.summary()));
            }
        }
        return List.copyOf(reports);
    }
}
