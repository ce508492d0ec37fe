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
     * The notes of an engine export: the mapping's own, then the simulated agreement when the mapping is not exact
     * and the request carries traffic, else why it was not quantified.
     */
    static List<String> forMapping(ExportRequest r, EngineMapping m, String engineName) {
        if (r.key().isComposed()) {
            throw new ExportException("key: the composed rule '" + r.key() + "' has no " + engineName + " form;"
                    + " export it as ratelab, or key by one of global, ip, header:NAME or route");
        }
        List<String> notes = new ArrayList<>();
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
                notes.add("Approximate. " + Agreement.simulate(r.traffic(), r.limiter(), m.engine(), r.key())
                        .describe(engineName));
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
