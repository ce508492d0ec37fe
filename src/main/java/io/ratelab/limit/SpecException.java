package io.ratelab.limit;

/** A limiter parameter that is missing, misplaced or out of range; {@link #field()} names it. */
public final class SpecException extends IllegalArgumentException {

    private final String field;

    public SpecException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The parameter at fault, as files spell it. */
    public String field() {
        return field;
    }
}
