package io.ratelab.cli;

import io.ratelab.scenario.ScenarioException;
import io.ratelab.traffic.ReadableFile;

import java.io.IOException;
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

    /** A command's work on its input file, returning the exit code. */
    @FunctionalInterface
    interface Work {
        int run() throws IOException;
    }

    /**
     * Runs {@code work} and returns its exit code; bad input instead gets one line on {@code err} and
     * {@link #BAD_INPUT}: a scenario error as it names itself (file, line, field), any other bad value prefixed with
     * {@code file}, an unreadable file as its message says. Both writers are flushed either way.
     */
    static int run(Path file, PrintWriter out, PrintWriter err, Work work) {
        try {
            return work.run();
        } catch (ScenarioException e) {
            err.println(e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
        } catch (IOException e) {
            err.println(e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
        return BAD_INPUT;
    }

    private static boolean says(Path file, String problem, PrintWriter err) {
        if (problem == null) {
            return false;
        }
        err.println(file + ": " + problem);
        return true;
    }
}
