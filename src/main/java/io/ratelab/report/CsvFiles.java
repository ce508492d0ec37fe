package io.ratelab.report;

import io.ratelab.report.plot.ChartSeries;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a report's numbers as CSV (RFC 4180: comma separated, quoted when needed, a header row): one file per
 * table ({@code <id>.csv}) and one per figure ({@code <id>.csv} with columns {@code series,x,y}). Numbers are
 * written plainly ({@code .} decimal point, no grouping) so spreadsheets and scripts read them. Stateless.
 */
public final class CsvFiles {

    private CsvFiles() {
    }

    /** Writes every table and figure of {@code doc} into {@code dir}; returns the files written. */
    public static List<Path> write(ReportDocument doc, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (ReportDocument.Section s : doc.sections()) {
            for (ReportDocument.Table t : s.tables()) {
                Path f = dir.resolve(t.id() + ".csv");
                try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    row(w, new ArrayList<>(t.columns()));
                    for (List<Object> r : t.rows()) {
                        row(w, r);
                    }
                }
                out.add(f);
            }
            for (ReportDocument.Figure fig : s.figures()) {
                Path f = dir.resolve(fig.id() + ".csv");
                try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    row(w, List.of("series", "x", "y"));
                    for (ChartSeries series : fig.data().series()) {
                        for (int i = 0; i < series.size(); i++) {
                            row(w, List.of(series.name(), series.x()[i], series.y()[i]));
                        }
                    }
                }
                out.add(f);
            }
        }
        return out;
    }

    private static void row(Writer w, List<?> cells) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells.get(i)));
        }
        w.write(b.append("\r\n").toString());
    }

    /** What a cell without a value holds. */
    static final String MISSING = "n/a";

    /**
     * One cell: numbers plain (six significant digits: {@code 41.7683}, not {@code 41.76829268292683}), a missing
     * value (NaN, null) {@code n/a} (spreadsheets and pandas read it as missing, and a reader sees it was not
     * forgotten), text quoted when it holds a comma, quote or line break.
     */
    static String cell(Object v) {
        if (v == null) {
            return MISSING;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return MISSING;
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros()
                    .toPlainString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
