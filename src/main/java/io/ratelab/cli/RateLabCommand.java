package io.ratelab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ratelab} command: its subcommands are the command-line contract the README documents. */
@Command(name = "ratelab",
        mixinStandardHelpOptions = true,
        versionProvider = RateLabCommand.Version.class,
        description = {"Load-test HTTP services and tune the rate limiter in front of them.",
                "Without a command, opens the workbench window."},
        subcommands = {
                CommandLine.HelpCommand.class,
                SimulateCommand.class,
                RunCommand.class,
                LoadCommand.class,
                ProxyCommand.class,
                UpstreamCommand.class,
                ExportCommand.class,
                TraceCommand.class,
        })
public final class RateLabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for tests that capture its output. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RateLabCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** The version from the jar manifest, or from the build when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RateLabCommand.class.getPackage().getImplementationVersion();
            return new String[]{"RateLab " + (v != null ? v : "development build"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
