package io.ratelab.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ratelab.limit.Rate;
import io.ratelab.traffic.RateProfile;
import io.ratelab.traffic.RateSchedule;
import io.ratelab.traffic.Spacing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One client's arrival process in a scenario file, e.g. {@code {process: poisson, rate: 5/s}}. Rates are per client.
 *
 * <table>
 *   <caption>processes and their keys</caption>
 *   <tr><th>process</th><th>required</th><th>optional</th><th>rate</th></tr>
 *   <tr><td>constant</td><td>rate</td><td></td><td>evenly spaced</td></tr>
 *   <tr><td>poisson</td><td>rate</td><td></td><td>Poisson</td></tr>
 *   <tr><td>bursts</td><td>rate, on, off</td><td>base, spacing</td><td>rate for {@code on}, base (or 0) for
 *       {@code off}, repeating</td></tr>
 *   <tr><td>ramp</td><td>rate, over</td><td>from, spacing</td><td>from (or 0) to rate over {@code over}</td></tr>
 *   <tr><td>step</td><td>from, rate, at</td><td>spacing</td><td>from, then rate from {@code at}</td></tr>
 *   <tr><td>spike</td><td>rate, at, length</td><td>base, spacing</td><td>base (or 0), rate during the spike</td></tr>
 *   <tr><td>sine</td><td>rate, amplitude, period</td><td>spacing</td><td>rate ± amplitude</td></tr>
 *   <tr><td>schedule</td><td>file</td><td>spacing</td><td>a {@code seconds,rate} CSV, see {@link RateSchedule}</td></tr>
 * </table>
 * {@code spacing} is {@code poisson} (default) or {@code even}. The shapes' math is in {@link RateProfile}.
 */
public record ArrivalSpec(Process process, Rate rate, Rate from, Rate base, Rate amplitude, Duration over,
                          Duration on, Duration off, Duration at, Duration length, Duration period, String file,
                          SpacingName spacing) {

    /** The arrival processes by file name, with the keys each takes. */
    public enum Process {
        CONSTANT("constant", "rate", ""),
        POISSON("poisson", "rate", ""),
        BURSTS("bursts", "rate on off", "base spacing"),
        RAMP("ramp", "rate over", "from spacing"),
        STEP("step", "from rate at", "spacing"),
        SPIKE("spike", "rate at length", "base spacing"),
        SINE("sine", "rate amplitude period", "spacing"),
        SCHEDULE("schedule", "file", "spacing");

        private final String id;
        private final Set<String> required;
        private final Set<String> optional;

        Process(String id, String required, String optional) {
            this.id = id;
            this.required = Set.of(required.split(" "));
            this.optional = optional.isEmpty() ? Set.of() : Set.of(optional.split(" "));
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Process byId(String id) {
            for (Process p : values()) {
                if (p.id.equals(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown process '" + id + "'; one of: " + ids());
        }

        static String ids() {
            return Arrays.stream(values()).map(Process::id).collect(Collectors.joining(", "));
        }

        /** The keys this process requires (for editors such as the workbench's traffic panel). */
        public Set<String> requiredKeys() {
            return required;
        }

        /** The keys this process accepts besides the required ones. */
        public Set<String> optionalKeys() {
            return optional;
        }
    }

    /** {@code even} or {@code poisson}. */
    public enum SpacingName {
        EVEN, POISSON;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static SpacingName byId(String id) {
            for (SpacingName s : values()) {
                if (s.id().equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown spacing '" + id + "'; one of: even, poisson");
        }
    }

    public ArrivalSpec {
        if (process == null) {
            throw new IllegalArgumentException("process: is required; one of: " + Process.ids());
        }
        Object[] values = {rate, from, base, amplitude, over, on, off, at, length, period, file, spacing};
        String[] keys = {"rate", "from", "base", "amplitude", "over", "on", "off", "at", "length", "period", "file",
                "spacing"};
        for (int i = 0; i < keys.length; i++) {
            boolean present = values[i] != null;
            if (!present && process.required.contains(keys[i])) {
                throw new IllegalArgumentException(keys[i] + ": is required for process " + process.id
                        + " (it takes " + describe(process) + ")");
            }
            if (present && !process.required.contains(keys[i]) && !process.optional.contains(keys[i])) {
                throw new IllegalArgumentException(keys[i] + ": does not apply to process " + process.id
                        + "; it takes " + describe(process));
            }
        }
        if (process != Process.SCHEDULE) {
            shape(process, rate, from, base, amplitude, over, on, off, at, length, period);
        }
    }

    /** A poisson process at {@code rate}, the common case. */
    public static ArrivalSpec poisson(Rate rate) {
        return new ArrivalSpec(Process.POISSON, rate, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** How arrivals are placed: constant is even, poisson is Poisson, the shapes follow {@code spacing}. */
    public Spacing spacingOrDefault() {
        if (process == Process.CONSTANT) {
            return Spacing.EVEN;
        }
        return spacing == SpacingName.EVEN ? Spacing.EVEN : Spacing.POISSON;
    }

    /**
     * The per-client rate profile; a schedule file is read relative to {@code baseDir} (the scenario's directory).
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public RateProfile profile(Path baseDir) {
        if (process != Process.SCHEDULE) {
            return shape(process, rate, from, base, amplitude, over, on, off, at, length, period);
        }
        Path p = baseDir == null ? Path.of(file) : baseDir.resolve(file);
        try {
            return RateSchedule.read(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file: " + e.getMessage(), e);
        }
    }

    private static RateProfile shape(Process process, Rate rate, Rate from, Rate base, Rate amplitude, Duration over,
                                     Duration on, Duration off, Duration at, Duration length, Duration period) {
        switch (process) {
            case CONSTANT:
            case POISSON:
                return RateProfile.constant(perSecond(rate));
            case BURSTS:
                return RateProfile.bursts(perSecond(rate), perSecond(base), nanos(on), nanos(off));
            case RAMP:
                return RateProfile.ramp(perSecond(from), perSecond(rate), nanos(over));
            case STEP:
                return RateProfile.step(perSecond(from), perSecond(rate), nanos(at));
            case SPIKE:
                return RateProfile.spike(perSecond(base), perSecond(rate), nanos(at), nanos(length));
            case SINE:
                return RateProfile.sine(perSecond(rate), perSecond(amplitude), nanos(period));
            default:
                throw new IllegalStateException("a schedule is read from its file");
        }
    }

    private static double perSecond(Rate r) {
        return r == null ? 0 : r.perSecondDouble();
    }

    private static long nanos(Duration d) {
        return d == null ? 0 : d.toNanos();
    }

    private static String describe(Process p) {
        String req = String.join(", ", p.required.stream().sorted().toList());
        return req + (p.optional.isEmpty() ? "" : "; optional " + String.join(", ",
                p.optional.stream().sorted().toList()));
    }
}
