package io.ratelab.metrics;

/**
 * What a client is called in per-client tables: the key the server sees (an API-key header's value, a source
 * address) or the client's id in its traffic plan. Must be thread-safe and side-effect free: the metrics reader calls
 * it for the few clients it shows.
 */
@FunctionalInterface
public interface ClientLabels {

    /** The label of client {@code client} (0-based, within its group) of traffic group {@code group}. */
    String label(int group, int client);
}
