package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.List;

/**
 * A binding problem whose message is already the readable problem and whose location is where we know it: for
 * problems found outside Jackson's streaming parse (a limiter entry is bound from a tree, which has no lines).
 */
final class LocatedProblem extends JsonMappingException {

    private final String problem;

    private LocatedProblem(JsonLocation location, String problem) {
        super(null, problem, location);
        this.problem = problem;
    }

    /** The readable problem, without location or path. */
    String problem() {
        return problem;
    }

    /** A problem with the current value at {@code location}. */
    static LocatedProblem of(JsonLocation location, String problem) {
        return new LocatedProblem(location, problem);
    }

    /** A problem with {@code field} of the current value. */
    static LocatedProblem at(JsonLocation location, String field, String problem) {
        LocatedProblem p = new LocatedProblem(location, problem);
        p.prependPath(new Reference(null, field));
        return p;
    }

    /** An exception whose message reads {@code field: problem} (the house convention) at {@code location}. */
    static LocatedProblem fromMessage(JsonLocation location, IllegalArgumentException e) {
        String[] fieldAndProblem = ScenarioErrors.splitField(e.getMessage());
        return fieldAndProblem[0].isEmpty() ? of(location, fieldAndProblem[1])
                : at(location, fieldAndProblem[0], fieldAndProblem[1]);
    }

    /** {@code e}, found while binding a tree, moved to {@code location} with its path and readable problem kept. */
    static LocatedProblem relocate(JsonMappingException e, JsonLocation location) {
        String[] parts = ScenarioErrors.describe(e);
        LocatedProblem p = parts[0].isEmpty() ? of(location, parts[1]) : at(location, parts[0], parts[1]);
        List<Reference> path = e.getPath();
        for (int i = path.size() - 1; i >= 0; i--) {
            p.prependPath(path.get(i));
        }
        return p;
    }
}
