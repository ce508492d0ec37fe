package io.ratelab.tune;

import io.ratelab.limit.Algorithm;

import java.util.List;

/**
 * What the tuned limiter is deployed on ({@code --for}): it decides the algorithms tried by default, and which of
 * them the engine can express.
 */
public enum Target {
    NGINX("nginx", List.of(Family.NGINX_LIMIT_REQ), List.of(Family.NGINX_LIMIT_REQ)),
    HAPROXY("haproxy", List.of(Family.HAPROXY_REQ_RATE), List.of(Family.HAPROXY_REQ_RATE)),
    ENVOY("envoy", List.of(Family.ENVOY_LOCAL), List.of(Family.ENVOY_LOCAL)),
    RATELAB("ratelab", List.of(Family.TOKEN_BUCKET), List.of(Family.values()));

    private final String id;
    private final List<Family> defaults;
    private final List<Family> expressible;

    Target(String id, List<Family> defaults, List<Family> expressible) {
        this.id = id;
        this.defaults = defaults;
        this.expressible = expressible;
    }

    public String id() {
        return id;
    }

    public List<Family> defaults() {
        return defaults;
    }

    /** The families this target can express (an {@code --algorithm} outside them is refused). */
    public List<Family> expressible() {
        return expressible;
    }

    /**
     * The families to tune: {@code asked} (by {@code --algorithm}), or this target's defaults.
     *
     * @throws IllegalArgumentException for an algorithm this target cannot express
     */
    public List<Family> families(List<Algorithm> asked) {
        if (asked == null || asked.isEmpty()) {
            return defaults;
        }
        return asked.stream().map(a -> {
            Family f = Family.of(a);
            if (!expressible.contains(f)) {
                throw new IllegalArgumentException("--algorithm: " + id + " cannot express " + a.id() + "; it takes "
                        + expressible.stream().map(x -> x.algorithm().id()).toList());
            }
            return f;
        }).distinct().toList();
    }

    /** The target named {@code id}. */
    public static Target byId(String id) {
        for (Target t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--for: must be nginx, haproxy, envoy or ratelab, got '" + id + "'");
    }
}
