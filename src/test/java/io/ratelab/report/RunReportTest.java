package io.ratelab.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.metrics.Outcome;
import io.ratelab.metrics.RunMetrics;
import io.ratelab.scenario.FileFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A live run's report in its three forms, from real metrics of a known run. */
class RunReportTest {

    private static final long MS = 1_000_000L;

    private static RunReport report() {
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), 0, 10);
        for (int t = 1; t <= 30; t++) {
            for (int i = 0; i < 10; i++) {
                m.count(0, Outcome.SENT);
                m.count(0, Outcome.STATUS_200);
                m.recordLatency(0, 20 * MS, 10 * MS);
            }
            for (int i = 0; i < 40; i++) {
                m.count(1, Outcome.SENT);
                m.count(1, i < 10 ? Outcome.STATUS_200 : Outcome.STATUS_429);
                m.recordLatency(1, 2 * MS, 2 * MS);
            }
            m.sample(t * 100 * MS);
        }
        m.finish(3000 * MS);
        LimiterSpec tb = LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(200), 20L);
        return new RunReport("greedy-client", "http://127.0.0.1:8080/", 500,
                List.of(new RunReport.LimiterChange(0, tb)), List.of("a warning, with a comma"), m.snapshot());
    }

    @Test
    void writesSelfContainedHtmlJsonAndCsv(@TempDir Path dir) throws Exception {
        RunReport r = report();
        List<Path> files = ReportFiles.write(dir, r.document(), r.json());
        assertEquals(dir.resolve("report.html"), files.get(0));
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg"), "charts inline");
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.matches("(?s).*(src|href)=\"http.*"), "no external resource");
        assertTrue(html.contains("a warning, with a comma"));
        JsonNode json = FileFormats.json().readTree(dir.resolve("report.json").toFile());
        assertEquals(1500, json.get("offered").asLong());
        assertEquals(600, json.get("accepted").asLong());
        assertEquals(900, json.get("rejected").asLong());
        assertEquals(3, json.get("perSecond").get("offered").size());
        assertEquals(500, json.get("perSecond").get("offered").get(0).asLong());
        assertEquals("token-bucket", json.get("limiters").get(0).get("limiter").get("algorithm").asText());
        List<String> groups = Files.readAllLines(dir.resolve("groups.csv"));
        assertEquals("group,offered,accepted,rejected,errors,p50 ms,p99 ms", groups.get(0));
        assertTrue(groups.get(2).startsWith("greedy,1200,300,900,0,"), groups.get(2));
        List<String> rates = Files.readAllLines(dir.resolve("rates.csv"));
        assertEquals("series,x,y", rates.get(0));
        assertTrue(rates.stream().anyMatch(l -> l.startsWith("accepted,3,200")), "accepted 200/s at 3 s");
    }

    @Test
    void csvQuotesTextThatNeedsIt() {
        assertEquals("\"a,b\"", CsvFiles.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvFiles.cell("say \"hi\""));
        assertEquals("12", CsvFiles.cell(12.0));
        assertEquals("0.25", CsvFiles.cell(0.25));
        assertEquals("", CsvFiles.cell(Double.NaN));
    }
}
