package io.ratelab.proxy;

/** How the proxy answered one request; every received request ends in exactly one. */
public enum Outcome {
    /** Admitted and answered by the upstream (whatever status the upstream chose). */
    ADMITTED("admitted"),
    /** Refused by the limiter; the upstream was not contacted. */
    REJECTED("rejected"),
    /** Admitted but not answered by the upstream: unreachable (502), timed out (504), no connection (503), or broken. */
    ERROR("error");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The lower-case name used in metrics labels and trace files. */
    public String label() {
        return label;
    }
}
