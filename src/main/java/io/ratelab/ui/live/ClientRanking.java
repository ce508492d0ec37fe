package io.ratelab.ui.live;

/** Which clients the live tab's top-clients table shows. */
public enum ClientRanking {
    /** Most offered requests first. */
    BUSIEST("Busiest"),
    /** Lowest admitted share first, of the clients with at least a few requests. */
    LEAST_SERVED("Least served");

    private final String label;

    ClientRanking(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
