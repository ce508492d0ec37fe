package io.ratelab.cli;

import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;
import io.ratelab.load.ClientIdentity;
import io.ratelab.load.ClientKeys;
import io.ratelab.load.ClosedLoopGenerator;
import io.ratelab.load.HttpTarget;
import io.ratelab.load.ConnectionBound;
import io.ratelab.load.LoadOptions;
import io.ratelab.load.LoadResult;
import io.ratelab.load.OpenLoopGenerator;
import io.ratelab.load.ProgressLine;
import io.ratelab.metrics.HlogWriter;
import io.ratelab.metrics.IntervalListener;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.demo.DemoServiceTime;
import io.ratelab.scenario.FileFormats;
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RetryPolicy;
import io.ratelab.traffic.Spacing;
import io.ratelab.traffic.TrafficGroup;
import io.ratelab.traffic.TrafficPlan;
import io.ratelab.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ratelab load}: live HTTP load against a URL, open loop ({@code --rate}) or closed loop ({@code --users}).
 * Progress goes to stderr once a second, the summary (or {@code --json}) to stdout.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drive live HTTP load at a URL and measure it free of coordinated omission.",
                "Open loop (--rate): every request leaves at its intended time; latency is counted from that time"
                        + " (corrected) and from the actual send (raw); a warning says so when the rate is not reached.",
                "Closed loop (--users): N users, each sending its next request when the previous one is answered."})
public final class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "URL", description = "http://host:port/path to load")
    String target;

    @Option(names = "--rate", paramLabel = "RATE", description = "open loop: target rate, e.g. 500/s or 30000/s")
    String rate;

    @Option(names = "--users", paramLabel = "N", description = "closed loop: concurrent users (one connection each)")
    Integer users;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION",
            description = "how long to send, e.g. 30s (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--arrival", defaultValue = "constant", paramLabel = "KIND",
            description = "open loop arrivals: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Arrival arrival;

    @Option(names = "--seed", defaultValue = "1", description = "seed of random arrivals (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--think", defaultValue = "0ms", paramLabel = "DURATION",
            description = "closed loop: pause between an answer and a user's next request (default ${DEFAULT-VALUE})")
    String think;

    @Option(names = "--clients", defaultValue = "1", paramLabel = "N",
            description = "simulated clients, each with its own key (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--key-header", paramLabel = "NAME",
            description = "send each client's key in this header, e.g. X-Api-Key: client-17")
    String keyHeader;

    @Option(names = "--source-addresses",
            description = "give each client its own source address 127.0.0.2, 127.0.0.3, ... (for per-IP limits)")
    boolean sourceAddresses;

    @Option(names = "--connections", defaultValue = "256", paramLabel = "N",
            description = "open loop: keep-alive connection budget, split over the IO threads or, with"
                    + " --source-addresses, over the clients (at least one each; default ${DEFAULT-VALUE}); at most"
                    + " what the file limit allows are open at once, least recently used idle ones closed first")
    int connections;

    @Option(names = "--io-threads", defaultValue = "1", paramLabel = "N",
            description = "IO threads of the HTTP client (default ${DEFAULT-VALUE})")
    int ioThreads;

    @Option(names = "--late-after", defaultValue = "1ms", paramLabel = "DURATION",
            description = "open loop: a send this far behind its intended time counts as late (default ${DEFAULT-VALUE})")
    String lateAfter;

    @Option(names = "--warmup", defaultValue = "0s", paramLabel = "DURATION",
            description = "send the same load this long before the measured window, uncounted, and run straight on"
                    + " into the window on the same connections (JIT, connections, target caches; default none)")
    String warmup;

    @Option(names = "--local-warmup", defaultValue = "1s", paramLabel = "DURATION",
            description = "before anything goes to the target, send the same load this long to an internal demo"
                    + " upstream on loopback: warms this JVM's request path (class loading, JIT) without a single"
                    + " request to the target; then the run starts on fresh connections (default ${DEFAULT-VALUE};"
                    + " 0s for none)")
    String localWarmup;

    @Option(names = "--json", description = "print the summary as JSON on stdout")
    boolean json;

    @Option(names = "--hlog", paramLabel = "FILE",
            description = "write per-second latency histograms (HdrHistogram log; corrected untagged, raw tagged 'raw')")
    Path hlog;

    @Option(names = "--retry", defaultValue = "none", paramLabel = "POLICY",
            completionCandidates = RetryNames.class,
            description = "open loop: what a client does after a 429: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    String retry;

    @Option(names = "--max-attempts", defaultValue = "3", paramLabel = "N",
            description = "with --retry: sends of one request at most, the first included (default ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--retry-delay", defaultValue = "100ms", paramLabel = "DURATION",
            description = "with --retry: the delay (immediate), base (backoff) or fallback without Retry-After"
                    + " (retry-after) (default ${DEFAULT-VALUE})")
    String retryDelay;

    /** The arrival spacings the command line offers ({@link Spacing} of {@code io.ratelab.traffic}). */
    enum Arrival {
        constant(Spacing.EVEN), poisson(Spacing.POISSON);

        final Spacing spacing;

        Arrival(Spacing spacing) {
            this.spacing = spacing;
        }
    }

    /** The retry policies of {@code io.ratelab.traffic}, by their file names. */
    static final class RetryNames implements Iterable<String> {
        static final List<String> NAMES = List.of("none", "immediate", "backoff", "retry-after");

        @Override
        public java.util.Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        try {
            return execute();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int execute() throws Exception {
        HttpTarget url = HttpTarget.parse(target);
        long durationNanos = nanos("--duration", duration);
        LoadOptions options = LoadOptions.defaults().withConnections(connections).withIoThreads(ioThreads)
                .withLateThresholdNanos(nanos("--late-after", lateAfter));
        PrintWriter err = spec.commandLine().getErr();
        IntervalListener progress = new ProgressLine(line -> {
            err.println(line);
            err.flush();
        }, rate != null);
        localWarmUp(nanos("--local-warmup", localWarmup), options, err);
        long warmupNanos = nanos("--warmup", warmup);
        if (warmupNanos > 0) {
            err.printf(java.util.Locale.ROOT, "warm-up for %.1f s (sent, not counted), then %.1f s measured%n",
                    warmupNanos / 1e9, durationNanos / 1e9);
            err.flush();
        }
        HlogWriter hlogWriter = hlog == null ? null
                : new HlogWriter(hlog, System.currentTimeMillis() + warmupNanos / 1_000_000, describe(url));
        LoadResult result;
        try {
            result = run(url, warmupNanos, durationNanos, options,
                    hlogWriter == null ? List.of(progress) : List.of(progress, hlogWriter));
        } finally {
            if (hlogWriter != null) {
                hlogWriter.close();
            }
        }
        if (warmupNanos > 0) {
            err.printf(java.util.Locale.ROOT, "warm-up: %d requests in %.1f s (not counted)%n", result.warmupSent(),
                    warmupNanos / 1e9);
            err.flush();
        }
        print(result, err);
        return 0;
    }

    private LoadResult run(HttpTarget url, long warmupNanos, long durationNanos, LoadOptions options,
                           List<IntervalListener> listeners) throws Exception {
        if (rate != null) {
            OpenLoopGenerator g = new OpenLoopGenerator(url, plan(durationNanos), keys(), options).warmUp(warmupNanos);
            listeners.forEach(g::addIntervalListener);
            return g.run();
        }
        ClosedLoopGenerator g = new ClosedLoopGenerator(url, users, nanos("--think", think), durationNanos,
                identities(), options.withConnections(users)).warmUp(warmupNanos);
        listeners.forEach(g::addIntervalListener);
        return g.run();
    }

    /**
     * The same load, {@code nanos} long, at an internal demo upstream (instant 200s on an ephemeral loopback port):
     * the request path gets loaded and compiled by the JIT while nothing reaches the target. As {@code ratelab proxy
     * --warmup} does for the proxy.
     */
    private void localWarmUp(long nanos, LoadOptions options, PrintWriter err) throws Exception {
        if (nanos <= 0) {
            return;
        }
        try (DemoUpstream sink = DemoUpstream.start(DemoUpstream.Spec.withCapacity(HostPort.parse("127.0.0.1:0"),
                DemoServiceTime.INSTANT, 0, 0, seed, 1))) {
            // the sink is in this process: two descriptors a connection
            LoadResult w = run(HttpTarget.parse("http://" + sink.listenAddress() + "/"), 0, nanos,
                    options.withOpenBound(ConnectionBound.forTargetInProcess()), List.of());
            err.printf(java.util.Locale.ROOT, "local warm-up: %d requests in %.1f s to an internal upstream"
                    + " (nothing sent to the target)%n", w.sent(), nanos / 1e9);
            err.flush();
        }
    }

    private void print(LoadResult result, PrintWriter err) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (String w : result.warnings()) {
            err.println();
            err.println("!!! " + w);
        }
        err.flush();
        if (json) {
            out.println(FileFormats.json().writeValueAsString(LoadOutput.json(result)));
        } else {
            out.print(LoadOutput.text(result));
        }
        out.flush();
    }

    private void validate() {
        if ((rate == null) == (users == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give exactly one of --rate (open loop) or --users (closed loop)");
        }
        if (rate != null && parseRate().perSecondDouble() > Scenario.MAX_LIVE_RATE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate: " + rate + " is "
                    + String.format(java.util.Locale.ROOT, "%.1e", parseRate().perSecondDouble()).replace("e+", "e")
                    + " per second; a live load sends at most 1e6 per second");
        }
        if (users != null && users <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--users must be positive, got " + users);
        }
        if (clients <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clients must be positive, got " + clients);
        }
        if (keyHeader != null && sourceAddresses) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "choose one client identity: --key-header NAME or --source-addresses");
        }
        if (clients > 1 && keyHeader == null && !sourceAddresses) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--clients " + clients + " needs --key-header NAME or --source-addresses to tell clients apart");
        }
    }

    private List<ClientIdentity> identities() {
        if (keyHeader != null) {
            return ClientIdentity.headers(keyHeader, clients);
        }
        if (sourceAddresses) {
            return ClientIdentity.sourceAddresses(clients);
        }
        return ClientIdentity.anonymous();
    }

    /** One group "client" of {@code --clients} clients sharing {@code --rate}: their ids are client-0, client-1, ... */
    private TrafficPlan plan(long durationNanos) {
        double perClient = parseRate().perSecondDouble() / clients;
        TrafficGroup group = TrafficGroup.of("client", clients, RateProfile.constant(perClient), arrival.spacing,
                retryPolicy());
        return new TrafficPlan(List.of(group), durationNanos, seed);
    }

    private RetryPolicy retryPolicy() {
        long delay = nanos("--retry-delay", retryDelay);
        return switch (retry) {
            case "none" -> RetryPolicy.none();
            case "immediate" -> RetryPolicy.immediate(maxAttempts, delay);
            case "backoff" -> RetryPolicy.backoff(maxAttempts, delay, 100 * delay, RetryPolicy.Jitter.FULL);
            case "retry-after" -> RetryPolicy.retryAfter(maxAttempts, delay);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--retry: '" + retry + "' is not a retry policy; use one of " + RetryNames.NAMES);
        };
    }

    private ClientKeys keys() {
        return keyHeader != null ? ClientKeys.header(keyHeader)
                : sourceAddresses ? ClientKeys.sourceAddress() : ClientKeys.none();
    }

    private Rate parseRate() {
        try {
            return Rate.parse(rate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate: " + e.getMessage());
        }
    }

    private long nanos(String option, String text) {
        try {
            Duration d = Durations.parse(text);
            return d.toNanos();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private String describe(HttpTarget url) {
        return rate != null ? "open loop " + rate + " " + arrival + " against " + url
                : "closed loop " + users + " users against " + url;
    }
}
