package io.ratelab.export;

import java.util.List;

/**
 * An export: the text to save or copy, the file name to suggest, and the notes (also written as comments at the top
 * of the text) saying what is exact and what is approximate, with the simulated difference when there is one.
 *
 * @param text     the configuration, UTF-8, ending with a newline
 * @param fileName the suggested file name ({@code nginx.conf}, {@code haproxy-snippet.cfg}, ...)
 * @param notes    human sentences, one per entry; empty when nothing needs saying
 */
public record ExportResult(String text, String fileName, List<String> notes) {

    public ExportResult {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text: an export is never empty");
        }
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("fileName: is required");
        }
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
