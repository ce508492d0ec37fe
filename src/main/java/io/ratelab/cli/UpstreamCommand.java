package io.ratelab.cli;

import io.ratelab.limit.Durations;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.proxy.HostPort;
import io.ratelab.proxy.demo.DemoServiceTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code ratelab upstream}: the demo upstream alone, to put the proxy (or anything else) in front of. */
@Command(name = "upstream", mixinStandardHelpOptions = true,
        description = {"Run the demo upstream: 200 ok after a service time, optional errors and a capacity bound."})
public final class UpstreamCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9000",
            description = "where to listen (default ${DEFAULT-VALUE})")
    String listen;
    @Option(names = "--latency", paramLabel = "DURATION", defaultValue = "0ms",
            description = "mean service time (default ${DEFAULT-VALUE})")
    String latency;
    @Option(names = "--distribution", paramLabel = "SHAPE", defaultValue = "constant",
            description = "constant | uniform | exponential | lognormal (default ${DEFAULT-VALUE})")
    String distribution;
    @Option(names = "--error-rate", paramLabel = "FRACTION", defaultValue = "0",
            description = "fraction of requests answered 500, 0-1 (default ${DEFAULT-VALUE})")
    double errorRate;
    @Option(names = "--capacity", paramLabel = "N", defaultValue = "0",
            description = "requests in service at most, beyond it 503; 0 = unbounded (default ${DEFAULT-VALUE})")
    int capacity;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--io-threads", paramLabel = "N", description = "IO threads (default: cores)")
    Integer ioThreads;

    @Override
    public Integer call() throws Exception {
        Logs.quietLibraries();
        DemoUpstream upstream;
        try {
            DemoUpstream.Spec spec = DemoUpstream.Spec.withCapacity(HostPort.parse(listen),
                    new DemoServiceTime(DemoServiceTime.kind(distribution), Durations.parse(latency)),
                    errorRate, capacity, seed,
                    ioThreads != null ? ioThreads : Math.max(1, Runtime.getRuntime().availableProcessors()));
            upstream = DemoUpstream.start(spec);
        } catch (IllegalArgumentException e) {
            System.err.println("ratelab upstream: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("ratelab upstream: " + e.getMessage());
            return 1;
        }
        System.out.println(upstream.describe());
        Signals.onTermination(upstream::close);
        Signals.awaitTermination();
        return 0;
    }
}
