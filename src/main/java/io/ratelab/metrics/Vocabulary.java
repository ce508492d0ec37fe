package io.ratelab.metrics;

/**
 * The words every RateLab output uses for counts and latencies — simulator, {@code load}/{@code run} text and JSON,
 * reports, the workbench's tables — and their one definition each, so a tooltip, a legend and the README say the
 * same thing:
 * <ul>
 *   <li><b>offered</b>: first attempts of requests (what the traffic model asks for; retries not included);</li>
 *   <li><b>sent</b>: first attempts + retries (every send that reached the limiter);</li>
 *   <li><b>retries</b>: resends after a 429;</li>
 *   <li>the sends by answer: <b>admitted</b> (2xx), <b>rejected</b> (429) and <b>errors</b> (5xx, other 4xx and
 *       statuses, connection errors); admitted + rejected + errors = sent once every send is answered;</li>
 *   <li><b>latency</b>: from a send's intended time to its answer, split by answer; the headline is the admitted one.
 *   </li>
 * </ul>
 * The headline rate is offered per second against the target, with retries per second shown apart. Constants only.
 */
public final class Vocabulary {

    public static final String OFFERED = "Offered: first attempts of requests, retries not included";
    public static final String SENT = "Sent: first attempts + retries, every send that reached the limiter";
    public static final String RETRIES = "Retries: resends after a 429 (counted in sent, not in offered)";
    public static final String ADMITTED = "Admitted: sends answered 2xx (let through and served)";
    public static final String REJECTED = "Rejected: sends answered 429 by the limiter";
    public static final String ERRORS = "Errors: sends answered 5xx or another non-2xx status, or lost to a"
            + " connection error";
    public static final String ADMITTED_SHARE = "Admitted share: admitted / offered (retries can push it past 100%)";
    public static final String LATENCY_ADMITTED = "Latency of admitted (2xx) requests, from the intended send time to"
            + " the answer: shaping delay, upstream queue wait and service";
    public static final String LATENCY_REJECTED = "Latency of rejected (429) answers: the proxy's round trip";
    public static final String RATE = "Offered per second (first attempts) against the target rate; retries per"
            + " second apart";
    /** The short words for chart legends, axes, column headers and tooltips: the answer's class in brackets. */
    public static final String WORD_OFFERED = "offered";
    public static final String WORD_SENT = "sent";
    public static final String WORD_ADMITTED = "admitted (2xx)";
    public static final String WORD_REJECTED = "rejected (429)";
    public static final String WORD_ERRORS = "errors";
    /** One line for the foot of a text table. */
    public static final String LEGEND = "offered = first attempts; sent = offered + retries; admitted (2xx) +"
            + " rejected (429) + errors (5xx, connection errors) = sent";

    private Vocabulary() {
    }
}
