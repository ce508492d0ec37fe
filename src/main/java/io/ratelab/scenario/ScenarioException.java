package io.ratelab.scenario;

/**
 * A scenario file that cannot run, with where and why: the file, the line when the parser knows it, the field path
 * ({@code limiters[1].burst}) and what is allowed. {@link #getMessage()} reads
 * {@code greedy.yaml, line 12: limiters[1].burst: must be 0 or more, got -3}.
 */
public final class ScenarioException extends RuntimeException {

    private final String file;
    private final int line;
    private final String path;
    private final String problem;

    public ScenarioException(String file, int line, String path, String problem, Throwable cause) {
        super(format(file, line, path, problem), cause);
        this.file = file;
        this.line = line;
        this.path = path;
        this.problem = problem;
    }

    /** The file (or source name) at fault. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The field path such as {@code traffic[0].arrival.rate}; empty for the whole file. */
    public String path() {
        return path;
    }

    /** What is wrong and what is allowed. */
    public String problem() {
        return problem;
    }

    private static String format(String file, int line, String path, String problem) {
        return FileFormats.visible(file + (line > 0 ? ", line " + line : "") + ": " + (path.isEmpty() ? "" : path
                + ": ") + problem);
    }
}
