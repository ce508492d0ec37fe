package io.ratelab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check every command that reads one input file makes first, with one wording for its error. Stateless. */
final class InputFiles {

    /** The exit code of a command whose input is missing or bad. */
    static final int BAD_INPUT = 2;

    private InputFiles() {
    }

    /**
     * True when {@code file} is not a regular file; then {@code FILE: no such file} has been written to {@code err}.
     */
    static boolean isMissing(Path file, PrintWriter err) {
        if (Files.isRegularFile(file)) {
            return false;
        }
        err.println(file + ": no such file");
        return true;
    }
}
