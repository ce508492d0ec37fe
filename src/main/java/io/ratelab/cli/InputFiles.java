package io.ratelab.cli;

import io.ratelab.traffic.ReadableFile;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The check every command that reads one input file makes first, with one wording for its error. Stateless. */
final class InputFiles {

    /** The exit code of a command whose input is missing or bad. */
    static final int BAD_INPUT = 2;

    private InputFiles() {
    }

    /**
     * True when {@code file} is not a regular file; then one line saying why ({@code FILE: no such file},
     * {@code FILE: is a directory, not a file}, {@code FILE: is not a regular file (...)}) has been written to
     * {@code err}.
     */
    static boolean isMissing(Path file, PrintWriter err) {
        return says(file, ReadableFile.problem(file, "an input file"), err);
    }

    /** As {@link #isMissing}, but a named pipe (FIFO) is fine: for a trace, which is read once from start to end. */
    static boolean isMissingTrace(Path file, PrintWriter err) {
        return says(file, ReadableFile.problemUnlessPipe(file, "a trace"), err);
    }

    private static boolean says(Path file, String problem, PrintWriter err) {
        if (problem == null) {
            return false;
        }
        err.println(file + ": " + problem);
        return true;
    }
}
