package io.ratelab.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recently opened or saved scenario files, newest first, kept in a small text file (one absolute path per
 * line) so the list survives restarts. Files that no longer exist are dropped when read. Not thread-safe: the FX
 * thread owns it. I/O errors are not fatal — a workbench without a recent list still works — and are reported as
 * the return value of {@link #add}.
 */
public final class RecentFiles {

    /** How many entries the menu lists. */
    public static final int MAX = 8;

    private final Path store;

    /** @param store the file that holds the list; its directory is created on first write */
    public RecentFiles(Path store) {
        this.store = store;
    }

    /**
     * The default store: {@code $ratelab.config.dir/recent-files}, else {@code ~/.config/ratelab/recent-files}.
     */
    public static RecentFiles atDefaultLocation() {
        String dir = System.getProperty("ratelab.config.dir");
        Path base = dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".config", "ratelab");
        return new RecentFiles(base.resolve("recent-files"));
    }

    /** The existing recent files, newest first. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(store)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                Path p = line.isBlank() ? null : Path.of(line.strip());
                if (p != null && Files.isRegularFile(p) && !out.contains(p) && out.size() < MAX) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * Moves {@code file} to the top of the list.
     *
     * @return null on success, else why the list could not be written
     */
    public String add(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        List<Path> paths = list();
        paths.remove(abs);
        paths.add(0, abs);
        List<String> lines = paths.stream().limit(MAX).map(Path::toString).toList();
        try {
            Files.createDirectories(store.getParent());
            Files.write(store, lines, StandardCharsets.UTF_8);
            return null;
        } catch (IOException e) {
            return "cannot remember recent files in " + store + ": " + e.getMessage();
        }
    }
}
