package io.ratelab.report;

import io.ratelab.scenario.FileFormats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a whole report into a directory: {@code report.html} (self-contained), {@code report.json} (the numbers,
 * as the given model serialises with Jackson), and the CSV files of {@link CsvFiles}. Used by the workbench's
 * "Save report" and available to {@code ratelab run --report}. Stateless.
 */
public final class ReportFiles {

    private ReportFiles() {
    }

    /**
     * @param dir  the directory, created if needed; existing report files in it are replaced
     * @param doc  what the report shows
     * @param json the numbers for {@code report.json}
     * @return the files written, {@code report.html} first
     */
    public static List<Path> write(Path dir, ReportDocument doc, Object json) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Path html = dir.resolve("report.html");
        Files.writeString(html, new HtmlReport().render(doc), StandardCharsets.UTF_8);
        out.add(html);
        Path js = dir.resolve("report.json");
        FileFormats.json().writeValue(js.toFile(), json);
        out.add(js);
        out.addAll(CsvFiles.write(doc, dir));
        return out;
    }
}
