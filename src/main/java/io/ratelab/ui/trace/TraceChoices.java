package io.ratelab.ui.trace;

import io.ratelab.traffic.trace.TraceFormat;
import io.ratelab.traffic.trace.TraceKey;
import io.ratelab.traffic.trace.TraceOptions;

/** The trace view's format and key fields turned into {@link TraceOptions}. Stateless. */
final class TraceChoices {

    /** The format field's "detect it" choice. */
    static final String AUTO_FORMAT = "auto-detect";
    /** The key field's "the format's default" choice. */
    static final String DEFAULT_KEY = "format's default";

    private TraceChoices() {
    }

    /**
     * @throws IllegalArgumentException {@code format: ...} or {@code key: ...} naming what is allowed
     */
    static TraceOptions options(String format, String key) {
        String f = format == null ? "" : format.trim();
        String k = key == null ? "" : key.trim();
        return TraceOptions.defaults()
                .withFormat(f.isEmpty() || f.equals(AUTO_FORMAT) ? null : TraceFormat.parse(f))
                .withKey(k.isEmpty() || k.equals(DEFAULT_KEY) ? null : TraceKey.parse(k));
    }
}
