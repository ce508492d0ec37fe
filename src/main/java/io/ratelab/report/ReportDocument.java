package io.ratelab.report;

import io.ratelab.report.plot.ChartData;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a report says, independent of its format: a title, sections with text, charts and tables. The HTML, CSV and
 * workbench views render the same document. Immutable.
 *
 * @param title     the report's title
 * @param subtitle  one line under it (scenario, limiter, duration)
 * @param generated when it was made
 * @param sections  in order
 */
public record ReportDocument(String title, String subtitle, Instant generated, List<Section> sections) {

    public ReportDocument {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: a report needs a title");
        }
        subtitle = subtitle == null ? "" : subtitle;
        // to the second: a report's time to the nanosecond ("09:36:12.529002285Z") is noise (issue 21)
        generated = (generated == null ? Instant.now() : generated).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        sections = List.copyOf(sections);
    }

    /**
     * A section.
     *
     * @param heading    its heading
     * @param paragraphs plain text paragraphs (warnings, notes)
     * @param figures    charts
     * @param tables     tables
     */
    public record Section(String heading, List<String> paragraphs, List<Figure> figures, List<Table> tables) {
        public Section {
            heading = heading == null ? "" : heading;
            paragraphs = List.copyOf(paragraphs);
            figures = List.copyOf(figures);
            tables = List.copyOf(tables);
        }
    }

    /** A chart with its title; {@code id} names its CSV file. */
    public record Figure(String id, String title, ChartData data) {
        public Figure {
            if (id == null || !id.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("id: lowercase letters, digits and dashes, got '" + id + "'");
            }
        }
    }

    /**
     * A table whose cells are strings, numbers or null ("no value"; numbers are right-aligned in HTML and unquoted in CSV); {@code id}
     * names its CSV file.
     */
    public record Table(String id, String title, List<String> columns, List<List<Object>> rows) {
        public Table {
            if (id == null || !id.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("id: lowercase letters, digits and dashes, got '" + id + "'");
            }
            columns = List.copyOf(columns);
            List<List<Object>> copy = new ArrayList<>();
            for (List<Object> r : rows) {
                if (r.size() != columns.size()) {
                    throw new IllegalArgumentException("table " + id + ": a row has " + r.size() + " cells for "
                            + columns.size() + " columns");
                }
                copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
            }
            rows = Collections.unmodifiableList(copy);
        }
    }
}
