package io.ratelab.ui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;

/**
 * The status bar: where the proxy listens (so a user can curl it), the upstream, the achieved against the target
 * rate, the loudest current warning, and a transient message (saved, opened, failed). FX thread only; no nodes.
 */
public final class StatusBarViewModel {

    /** Below this share of the target the generator is said to fall short. */
    static final double SHORTFALL_RATIO = 0.95;

    private static final String SHORTFALL = "⚠ Target rate not reached: ";
    private static final String LAST_SHORTFALL = "⚠ The last run fell short of its target: ";
    static final String CATCHING_UP = "⚠ Catching up: sending a backlog";

    private final ReadOnlyStringWrapper proxyUrl = new ReadOnlyStringWrapper("not running");
    private final ReadOnlyStringWrapper upstream = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper rate = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /** A run started: the proxy's URL and the upstream it forwards to. */
    public void running(String proxy, String upstreamUrl) {
        proxyUrl.set(proxy);
        upstream.set(upstreamUrl);
        warning.set("");
    }

    /** The run stopped; a shortfall warning now speaks of the run that ended, not of a running one. */
    public void stopped() {
        proxyUrl.set("not running");
        upstream.set("–");
        rate.set("–");
        if (warning.get().startsWith(SHORTFALL)) {
            warning.set(LAST_SHORTFALL + warning.get().substring(SHORTFALL.length()));
        }
    }

    /**
     * The achieved and target rates, and whether the run has been going long enough to judge a shortfall (the first
     * seconds ramp up).
     */
    public void rates(double achieved, double target, boolean settled) {
        rates(achieved, target, settled, 0);
    }

    /**
     * The achieved and target rates over the last second, whether the run has been going long enough to judge them
     * (the first seconds ramp up), and how many of the last second's sends left late.
     *
     * <p>The target is the schedule's mean rate, and one second of a Poisson schedule at 120/s holds 120 ± 11
     * arrivals: "not reached" is said only when the rate is below the target by more than 5 % and by more than
     * three standard deviations of such a second ({@code 3·√target}), so 111 of 120 is no shortfall, 18,900 of
     * 20,000 is. A rate above the target while at least a tenth of the sends leave late is the generator catching
     * up on a backlog (it had fallen behind), and the rate says so.
     */
    public void rates(double achieved, double target, boolean settled, double lateSendsPerSecond) {
        if (target <= 0) {
            rate.set(String.format(Locale.ROOT, "%,.0f req/s", achieved));
            return;
        }
        double pct = 100 * achieved / target;
        double slack = Math.max((1 - SHORTFALL_RATIO) * target, 3 * Math.sqrt(target));
        boolean catchingUp = settled && achieved > target + slack && lateSendsPerSecond >= 0.1 * achieved;
        rate.set(String.format(Locale.ROOT, "%,.0f of %,.0f req/s (%.0f%%%s)", achieved, target, pct,
                catchingUp ? ", catching up" : ""));
        if (settled && achieved < target - slack) {
            warning.set(String.format(Locale.ROOT, SHORTFALL + "%,.0f of %,.0f req/s", achieved, target));
        } else if (catchingUp) {
            warning.set(CATCHING_UP);
        } else if (warning.get().startsWith(SHORTFALL) || warning.get().equals(CATCHING_UP)) {
            warning.set("");
        }
    }

    /** Shows a warning until the next one (or until the shortfall clears). */
    public void warn(String text) {
        warning.set(text == null ? "" : "⚠ " + text);
    }

    /** Shows a transient message. */
    public void say(String text) {
        message.set(text == null ? "" : text);
    }

    public ReadOnlyStringProperty proxyUrlProperty() {
        return proxyUrl.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty upstreamProperty() {
        return upstream.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rateProperty() {
        return rate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty warningProperty() {
        return warning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
