package io.ratelab.cli;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The {@code ratelab} command: its subcommands are the command-line contract the README documents. Without a command
 * the program opens the workbench window; {@code --open FILE} and {@code --start} open it with a scenario and start
 * its live run at once (what {@code src/test/bench/pulse.sh} uses). The window itself is not this package's: the
 * entry point hands over a launcher, so that {@code cli} never depends on {@code ui}.
 */
@Command(name = "ratelab",
        mixinStandardHelpOptions = true,
        versionProvider = RateLabCommand.Version.class,
        description = {"Load-test HTTP services and tune the rate limiter in front of them.",
                "Without a command, opens the workbench window; --open and --start open it with a scenario and run it."},
        subcommands = {
                CommandLine.HelpCommand.class,
                SimulateCommand.class,
                RunCommand.class,
                LoadCommand.class,
                ProxyCommand.class,
                UpstreamCommand.class,
                ExportCommand.class,
                TuneCommand.class,
                VerifyCommand.class,
                TraceCommand.class,
        })
public final class RateLabCommand implements Callable<Integer> {

    @Option(names = "--open", paramLabel = "FILE",
            description = "open the workbench window with this scenario file (YAML or JSON)")
    Path open;

    @Option(names = "--start", description = "open the workbench window and start the live run at once (the"
            + " scenario of --open, else the default one); stop it with F5 or by closing the window")
    boolean start;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Consumer<List<String>> window;

    private RateLabCommand(Consumer<List<String>> window) {
        this.window = window;
    }

    @Override
    public Integer call() {
        if (open == null && !start) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        List<String> args = new ArrayList<>();
        if (open != null) {
            PrintWriter err = spec.commandLine().getErr();
            if (InputFiles.isMissing(open, err)) {
                return InputFiles.BAD_INPUT;
            }
            try {
                Scenario.read(open);
            } catch (ScenarioException e) {
                err.println(e.getMessage());
                return InputFiles.BAD_INPUT;
            }
            args.add("--open");
            args.add(open.toAbsolutePath().toString());
        }
        if (start) {
            args.add("--start");
        }
        window.accept(List.copyOf(args));
        return 0;
    }

    /**
     * Runs the command line and returns the exit code.
     *
     * @param window opens the workbench window with the given arguments ({@code --open FILE}, {@code --start}) and
     *               returns when it closes
     */
    public static int execute(Consumer<List<String>> window, String... args) {
        CommandLine cl = commandLine(window);
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // past the handlers (they see Exceptions only); the heap or stack is gone, so say it in few words
            cl.getErr().println("ratelab: the input needs more " + (e instanceof OutOfMemoryError ? "memory" : "stack")
                    + " than this run has; it is too large or too deeply nested (" + SOFTWARE_ERROR + ")");
            cl.getErr().flush();
            return SOFTWARE_ERROR;
        }
    }

    /** The exit code of a failure that is RateLab's own fault (a bug), as sysexits.h's EX_SOFTWARE. */
    public static final int SOFTWARE_ERROR = 70;

    /** The configured command line, for tests that capture its output; it cannot open the window. */
    public static CommandLine commandLine() {
        return commandLine(args -> {
            throw new IllegalStateException("the workbench window cannot be opened from here");
        });
    }

    /** The configured command line that opens the window with {@code window}. */
    public static CommandLine commandLine(Consumer<List<String>> window) {
        CommandLine cl = new CommandLine(new RateLabCommand(window));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(RateLabCommand::badArguments);
        cl.setExecutionExceptionHandler(RateLabCommand::internalError);
        return cl;
    }

    /** A bad flag or argument: one line naming the command and what is wrong, exit 2; {@code --help} has the rest. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        cmd.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see " + name + " --help)");
        cmd.getErr().flush();
        return InputFiles.BAD_INPUT;
    }

    /**
     * The last resort for an exception no command turned into a message: one line on stderr, no stack trace and no
     * class name. An I/O failure (a file that cannot be written) is the user's to fix: its message, exit 2. Anything
     * else exits {@value #SOFTWARE_ERROR}. Reaching it is a bug; the line asks for a report, and with the
     * environment variable {@code RATELAB_DEBUG} set the stack trace follows.
     */
    private static int internalError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName();
        Throwable io = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        if (io instanceof java.io.IOException && io.getMessage() != null) {
            // a file that cannot be read or written (a directory given as --hlog, a full disk): the user's to fix
            cmd.getErr().println(name + ": " + oneLine(io.getMessage()));
            cmd.getErr().flush();
            return InputFiles.BAD_INPUT;
        }
        cmd.getErr().println(name + ": internal error; please report it with the input that caused it"
                + " (RATELAB_DEBUG=1 shows the details)");
        if (System.getenv("RATELAB_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return SOFTWARE_ERROR;
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
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
