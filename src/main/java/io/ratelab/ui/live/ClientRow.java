package io.ratelab.ui.live;

/**
 * One row of the live top-clients table. Immutable.
 *
 * @param key      the client as the proxy sees it: its key header's value or its source address (else its plan id)
 * @param group    its traffic group
 * @param offered  first attempts sent
 * @param admitted answered 2xx
 * @param rejected answered 429 (every attempt, so retries can make it exceed offered)
 * @param admittedPercent admitted / offered in percent
 */
public record ClientRow(String key, String group, long offered, long admitted, long rejected,
                        double admittedPercent) {
}
