package io.ratelab.traffic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The check every input file gets before it is opened: it must exist and be a regular file (a symbolic link to one is
 * fine), not a directory, a FIFO, a socket or a device such as {@code /dev/zero}, which would make a reader hang or
 * read forever; and, where the caller bounds it, not be larger than makes sense for what it holds. Stateless.
 */
public final class ReadableFile {

    private ReadableFile() {
    }

    /**
     * What is wrong with {@code file} as an input, or {@code null} when it is a regular file of at most
     * {@code maxBytes}: {@code no such file}, {@code is a directory}, {@code is not a regular file (...)}, or
     * {@code is 12.5 MB; ...}.
     *
     * @param what     what the file should hold, for the size message ({@code a scenario file})
     * @param maxBytes the largest size accepted, or {@code Long.MAX_VALUE}
     */
    public static String problem(Path file, String what, long maxBytes) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return Files.exists(file) ? "cannot be read (" + e.getMessage() + ")" : "no such file";
        }
        if (a.isDirectory()) {
            return "is a directory, not a file";
        }
        if (!a.isRegularFile()) {
            return "is not a regular file (a FIFO, socket or device cannot be read as " + what + ")";
        }
        if (a.size() > maxBytes) {
            return "is " + bytes(a.size()) + "; " + what + " is at most " + bytes(maxBytes);
        }
        if (!Files.isReadable(file)) {
            return "cannot be read (permission denied)";
        }
        return null;
    }

    /**
     * {@link #problem} for a stream read once from start to end, such as a trace: a named pipe (FIFO) is accepted as
     * well (a log piped in through {@code <(zcat ...)} or {@code mkfifo}); a device or socket still is not.
     */
    public static String problemUnlessPipe(Path file, String what) {
        return isPipe(file) ? null : problem(file, what, Long.MAX_VALUE);
    }

    /** True when {@code file} is a named pipe (FIFO); false when it is anything else or the platform cannot tell. */
    static boolean isPipe(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            return mode instanceof Integer m && (m & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@link #problem} without a size bound. */
    public static String problem(Path file, String what) {
        return problem(file, what, Long.MAX_VALUE);
    }

    /** {@code 512 bytes}, {@code 3.2 KB}, {@code 10.5 MB}, {@code 1.2 GB} (powers of 1000, as {@code ls -h --si}). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
