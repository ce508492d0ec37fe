package io.ratelab.proxy.admin;

/**
 * What the admin endpoints ({@link AdminHandler}) read and change on a running proxy: its metrics, whether it is
 * serving, and its settings of type {@code S}. The proxy implements it, so the admin port depends on this contract
 * and not on the proxy. Implementations are thread-safe.
 *
 * @param <S> the settings type, written to JSON or YAML by Jackson for {@code GET /config}
 */
public interface AdminTarget<S> {

    /** The metrics in Prometheus text format 0.0.4. */
    String prometheus();

    /** True while serving; false once shutting down. */
    boolean isServing();

    /** The settings in force. */
    S settings();

    /**
     * Parses a {@code PUT /config} body (JSON or YAML).
     *
     * @throws IllegalArgumentException whose message is the one-line reason the client is told
     */
    S parse(String text);

    /**
     * Swaps {@code settings} in atomically.
     *
     * @throws RuntimeException whose message is the reason, when they cannot be applied; the old ones stay
     */
    void apply(S settings);

    /** Counts a refused admin request (bad token, bad or oversized body). */
    void countRefused();
}
