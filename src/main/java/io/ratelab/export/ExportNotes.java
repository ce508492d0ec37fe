package io.ratelab.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The sentences at the top of every export — what was mapped, whether it is exact, the simulated difference — and
 * their rendering as a comment block. Stateless.
 */
final class ExportNotes {

    private static final int WIDTH = 110;

    private ExportNotes() {
    }

    /**
     * The notes of an export twice over: as written into the file's comment (plain digits, stable for tools that read
     * it) and as the workbench shows them (counts grouped by thousands, like every other count there). Not thread-safe.
     */
    static final class Notes {
        private final List<String> written = new ArrayList<>();
        private final List<String> shown = new ArrayList<>();

        /** Adds a note that reads the same in the file and on screen. */
        void add(String note) {
            add(note, note);
        }

        void add(String writtenNote, String shownNote) {
            written.add(writtenNote);
            shown.add(shownNote);
        }

        void addAll(List<String> notes) {
            notes.forEach(this::add);
        }

        /** Replaces the note {@code old} (one that reads the same in both) with {@code note}. */
        void replace(String old, String note) {
            written.set(written.indexOf(old), note);
            shown.set(shown.indexOf(old), note);
        }

        List<String> written() {
            return written;
        }

        List<String> shown() {
            return shown;
        }
    }

    /**
     * The notes of an engine export: the mapping's own, then the simulated agreement when the mapping is not exact
     * and the request carries traffic, else why it was not quantified.
     */
    static Notes forMapping(ExportRequest r, EngineMapping m, String engineName) {
        if (r.key().isComposed()) {
            throw new ExportException("key: the composed rule '" + r.key() + "' has no " + engineName + " form;"
                    + " export it as ratelab, or key by one of global, ip, header:NAME or route");
        }
        Notes notes = new Notes();
        notes.add("RateLab export of " + EngineMapping.describe(r.limiter()) + ", keyed by " + r.key() + ", for "
                + engineName + ".");
        notes.addAll(m.notes());
        if (!m.exact()) {
            if (m.engine().algorithm() == r.limiter().algorithm()) {
                notes.add("Not simulated: the simulator models this limit with the same algorithm on both sides.");
            } else if (r.traffic() == null) {
                notes.add("Approximate; not quantified here: export from a scenario file to simulate both on its"
                        + " traffic.");
            } else {
                Agreement a = Agreement.simulate(r.traffic(), r.limiter(), m.engine(), r.key());
                notes.add("Approximate. " + a.describe(engineName), "Approximate. " + a.describeGrouped(engineName));
            }
        }
        return notes;
    }

    /** The notes as a comment block: each note wrapped at about 110 columns, lines starting with {@code prefix}. */
    static String comment(List<String> notes, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String note : notes) {
            StringBuilder line = new StringBuilder(prefix);
            for (String word : note.split(" ")) {
                if (line.length() > prefix.length() && line.length() + 1 + word.length() > WIDTH) {
                    b.append(line).append('\n');
                    line = new StringBuilder(prefix).append("  ");
                }
                if (line.length() > prefix.length() && !line.toString().endsWith("  ")) {
                    line.append(' ');
                }
                line.append(word);
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }
}
