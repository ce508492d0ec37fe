package io.ratelab.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.metrics.ClientRoster;
import io.ratelab.metrics.CountedColumn;
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
        // polite: 2 clients (10.0.0.1, 10.0.0.2) sending 5 each per 100 ms, all admitted; greedy: 1 client, 10 of 40
        RunMetrics m = new RunMetrics(List.of("polite", "greedy"), ClientRoster.of(new int[]{2, 1},
                (g, c) -> "10.0." + g + "." + (c + 1)), 0, 10);
        for (int t = 1; t <= 30; t++) {
            for (int i = 0; i < 10; i++) {
                m.count(0, CountedColumn.SENT);
                m.count(0, CountedColumn.STATUS_200);
                m.countClientOffered(0, i % 2);
                m.countClientAnswer(0, i % 2, CountedColumn.STATUS_200);
                m.recordLatency(0, 20 * MS, 10 * MS);
            }
            for (int i = 0; i < 40; i++) {
                CountedColumn o = i < 10 ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429;
                m.count(1, CountedColumn.SENT);
                m.count(1, o);
                m.countClientOffered(1, 0);
                m.countClientAnswer(1, 0, o);
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
        assertEquals("group,offered,sent,admitted,rejected,errors,admitted p50 ms,admitted p99 ms,fairness",
                groups.get(0));
        assertTrue(groups.get(2).startsWith("greedy,1200,1200,300,900,0,"), groups.get(2));
        assertTrue(groups.get(1).endsWith(",1.000"), "two polite clients with equal shares: " + groups.get(1));
        // shares 1, 1 and 0.25: (2.25)² / (3 · 2.0625) = 0.818
        assertEquals(5.0625 / 6.1875, json.get("fairness").asDouble(), 1e-9);
        assertEquals(1.0, json.get("groups").get(0).get("fairness").asDouble(), 1e-12);
        assertEquals(3, json.get("activeClients").asLong());
        JsonNode busiest = json.get("clients").get(0);
        assertEquals("10.0.1.1", busiest.get("key").asText());
        assertEquals("greedy", busiest.get("group").asText());
        assertEquals(List.of(1200L, 300L, 900L), List.of(busiest.get("offered").asLong(),
                busiest.get("admitted").asLong(), busiest.get("rejected").asLong()));
        assertEquals(0.25, busiest.get("admittedShare").asDouble(), 1e-12);
        assertEquals(List.of("client,group,offered,admitted,rejected,admitted %", "10.0.1.1,greedy,1200,300,900,25",
                "10.0.0.1,polite,150,150,0,100", "10.0.0.2,polite,150,150,0,100"),
                Files.readAllLines(dir.resolve("clients.csv")));
        assertTrue(html.contains("Busiest clients") && html.contains("10.0.1.1") && html.contains("0.818"),
                "the clients table and the overall fairness are in the HTML");
        assertEquals("10.0.1.1", json.get("leastServedClients").get(0).get("key").asText(), "lowest share first");
        assertEquals(List.of("client,group,offered,admitted,rejected,admitted %", "10.0.1.1,greedy,1200,300,900,25",
                "10.0.0.1,polite,150,150,0,100", "10.0.0.2,polite,150,150,0,100"),
                Files.readAllLines(dir.resolve("least-served-clients.csv")), "ties: more offered, then roster order");
        assertTrue(html.contains("Least-served clients"));
        List<String> rates = Files.readAllLines(dir.resolve("rates.csv"));
        assertEquals("series,x,y", rates.get(0));
        assertTrue(rates.stream().anyMatch(l -> l.startsWith("admitted (2xx),3,200")), "admitted 200/s at 3 s");
    }

    @Test
    void csvQuotesTextThatNeedsIt() {
        assertEquals("\"a,b\"", CsvFiles.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvFiles.cell("say \"hi\""));
        assertEquals("12", CsvFiles.cell(12.0));
        assertEquals("0.25", CsvFiles.cell(0.25));
        assertEquals("n/a", CsvFiles.cell(Double.NaN));
        assertEquals("n/a", CsvFiles.cell(null));
        assertEquals("41.7683", CsvFiles.cell(41.76829268292683), "issue 21: six significant digits");
    }
}
