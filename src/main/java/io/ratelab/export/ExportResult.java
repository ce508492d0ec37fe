package io.ratelab.export;

import java.util.List;

/**
 * An export: the text to save or copy, the file name to suggest, and the notes (also written as comments at the top
 * of the text) saying what is exact and what is approximate, with the simulated difference when there is one.
 *
 * @param text     the configuration, UTF-8, ending with a newline
 * @param fileName the suggested file name ({@code nginx.conf}, {@code haproxy-snippet.cfg}, ...)
 * @param notes      human sentences, one per entry, as written in the text; empty when nothing needs saying
 * @param shownNotes the same sentences as the workbench shows them (counts grouped by thousands)
 */
public record ExportResult(String text, String fileName, List<String> notes, List<String> shownNotes) {

    /** An export whose notes read the same in the file and on screen. */
    public ExportResult(String text, String fileName, List<String> notes) {
        this(text, fileName, notes, notes);
    }

    public ExportResult {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text: an export is never empty");
        }
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("fileName: is required");
        }
        notes = notes == null ? List.of() : List.copyOf(notes);
        shownNotes = shownNotes == null ? notes : List.copyOf(shownNotes);
        if (shownNotes.size() != notes.size()) {
            throw new IllegalArgumentException("shownNotes: " + shownNotes.size() + " notes for " + notes.size());
        }
    }
}
