package io.ratelab.export;

import java.util.Locale;

/** Which proxy the Kubernetes export puts next to the application container. */
public enum K8sSidecar {
    /** {@code ratelab proxy --config /etc/ratelab/ratelab.yaml --watch}: the very limiter RateLab simulated. */
    RATELAB,
    /** Envoy with the local_ratelimit filter: the closest Envoy-native equivalent. */
    ENVOY;

    /**
     * Parses {@code ratelab} or {@code envoy}.
     *
     * @throws IllegalArgumentException naming the two choices
     */
    public static K8sSidecar parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "ratelab": return RATELAB;
            case "envoy": return ENVOY;
            default: throw new IllegalArgumentException("k8s sidecar '" + text + "' is not known; use ratelab or envoy");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
