package io.ratelab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import io.ratelab.sim.ComparisonTable;
import io.ratelab.sim.SimulationResult;
import io.ratelab.sim.Simulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ratelab simulate FILE [--json]}: reads a scenario, simulates every limiter on identical traffic in virtual
 * time and prints a comparison table with one line per trace group under it (what reading the trace did), or with
 * {@code --json} the result as JSON (field names per issue 3; {@code traces} per issue 18). An invalid
 * file prints its error (file, line, field path, what is allowed) and exits 2; nothing is simulated. Progress goes to
 * stderr when a run takes more than a second.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Compare the scenario's limiters on identical traffic in virtual time (deterministic, instant).",
                "Prints a comparison table and one line per replayed trace (what reading it did), or JSON with"
                        + " --json."})
public final class SimulateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a scenario file, YAML (.yaml/.yml) or JSON")
    Path file;

    @Option(names = "--json", description = "print the result as JSON instead of a table")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (InputFiles.isMissing(file, err)) {
            return InputFiles.BAD_INPUT;
        }
        Scenario scenario;
        try {
            scenario = Scenario.read(file);
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            return 2;
        }
        ProgressLine progress = new ProgressLine(err, scenario);
        SimulationResult result = Simulator.run(scenario, file.toAbsolutePath().getParent(), progress);
        progress.finish();
        if (json) {
            out.println(FileFormats.json().writeValueAsString(result));
        } else {
            out.print(ComparisonTable.render(result));
            result.traces().forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** Overwrites one stderr line with the run's progress, at most five times a second, once a second has passed. */
    static final class ProgressLine implements Simulator.Progress {
        private final PrintWriter err;
        private final Scenario scenario;
        private final long startNanos = System.nanoTime();
        private long lastPrintNanos;
        private boolean printed;

        ProgressLine(PrintWriter err, Scenario scenario) {
            this.err = err;
            this.scenario = scenario;
        }

        @Override
        public void update(int index, double fraction) {
            long now = System.nanoTime();
            if (now - startNanos < 1_000_000_000L || now - lastPrintNanos < 200_000_000L) {
                return;
            }
            lastPrintNanos = now;
            printed = true;
            int n = scenario.limiters().size();
            err.printf("\rsimulating %s: limiter %d of %d (%s) %3.0f%%", scenario.name(), index + 1, n,
                    scenario.limiters().get(index).name(), fraction * 100);
            err.flush();
        }

        void finish() {
            if (printed) {
                err.printf("\rsimulated %s in %.1f s%40s%n", scenario.name(),
                        (System.nanoTime() - startNanos) / 1e9, "");
                err.flush();
            }
        }
    }
}
