package io.ratelab.metrics;

/**
 * The counted columns of one interval: what was sent, how it was answered, and how the schedule fared.
 * {@link #label()} is the stable name used in JSON and CSV ({@code "200"}, {@code "429"}, ...). Not the proxy's
 * verdict on one request (admitted, rejected, error): that is {@code io.ratelab.proxy.Outcome}.
 */
public enum CountedColumn {
    /** A request's intended send time came up (open loop); compare with {@link #SENT} to see the generator keep up. */
    SCHEDULED("scheduled"),
    /** A request left the generator (first attempts and retries alike). */
    SENT("sent"),
    /** A request left more than the late threshold after its intended time. */
    LATE("late"),
    /** A retry of an earlier attempt (also counted in {@link #SENT}). */
    RETRY("retry"),
    /** A request that could not even be queued (the pending queue was full); it never left. */
    DROPPED("dropped"),
    STATUS_200("200"),
    /** 2xx other than 200. */
    STATUS_2XX("2xx"),
    STATUS_429("429"),
    /** 4xx other than 429. */
    STATUS_4XX("4xx"),
    STATUS_5XX("5xx"),
    /** 1xx and 3xx answers. */
    STATUS_OTHER("other"),
    /** The connection failed, was refused, closed or reset before a response arrived. */
    CONNECTION_ERROR("error");

    private static final CountedColumn[] ALL = values();

    private final String label;

    CountedColumn(String label) {
        this.label = label;
    }

    /** The stable name in files and JSON. */
    public String label() {
        return label;
    }

    /** Number of columns, for flat arrays indexed by {@link #ordinal()}. */
    public static int count() {
        return ALL.length;
    }

    /** The column by ordinal, without allocating. */
    public static CountedColumn byOrdinal(int ordinal) {
        return ALL[ordinal];
    }

    /** The status column an HTTP status code is counted in. */
    public static CountedColumn ofStatus(int code) {
        if (code == 200) {
            return STATUS_200;
        }
        if (code == 429) {
            return STATUS_429;
        }
        if (code >= 200 && code < 300) {
            return STATUS_2XX;
        }
        if (code >= 400 && code < 500) {
            return STATUS_4XX;
        }
        if (code >= 500 && code < 600) {
            return STATUS_5XX;
        }
        return STATUS_OTHER;
    }

    /** True for the columns that count answers (statuses and connection errors), whose sum is "completed". */
    public boolean isCompletion() {
        return ordinal() >= STATUS_200.ordinal();
    }
}
