package io.ratelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ratelab trace ...}: recorded traffic. See {@link TraceInspectCommand} and {@link TraceGenerateCommand}. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Recorded traffic: inspect a trace, or write one from a scenario's traffic model.",
                "Formats: combined, common, an nginx log_format string, har, csv, jsonl, ratelab (proxy --record)."},
        subcommands = {TraceInspectCommand.class, TraceGenerateCommand.class})
public final class TraceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
