package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.load.CountingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18, item 5: a live run counts its errors by cause (in {@code --json} and the text summary), and a browser HAR
 * whose recorded URLs carry an unencoded {@code |} replays live through the proxy with no error.
 */
class LiveErrorCausesTest {

    @TempDir
    Path dir;

    @Test
    void errorsAreCountedByCause() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        LoadCommandTest.Run refused = LoadCommandTest.run("load", "--target", "http://127.0.0.1:" + closed + "/",
                "--rate", "20/s", "--duration", "500ms", "--json");
        assertEquals(0, refused.exit(), refused.err());
        JsonNode j = new ObjectMapper().readTree(refused.out());
        long errors = j.get("status").get("error").asLong();
        assertTrue(errors > 0, refused.out());
        assertEquals(errors, j.get("errorCauses").get("connection refused").asLong(), refused.out());

        try (CountingServer server = new CountingServer().status(400)) {
            LoadCommandTest.Run bad = LoadCommandTest.run("load", "--target", server.url(), "--rate", "20/s",
                    "--duration", "500ms", "--json");
            JsonNode b = new ObjectMapper().readTree(bad.out());
            assertEquals(b.get("status").get("4xx").asLong(), b.get("errorCauses").get("HTTP 400").asLong());
            assertTrue(b.get("status").get("4xx").asLong() > 0);
            LoadCommandTest.Run text = LoadCommandTest.run("load", "--target", server.url(), "--rate", "20/s",
                    "--duration", "300ms");
            assertTrue(text.out().contains("  errors    HTTP 400: "), text.out());
        }
    }

    @Test
    void aHarWithUnencodedPipesReplaysLiveWithoutErrors() throws Exception {
        List<String> entries = new ArrayList<>();
        String[] urls = {"https://a.example/search?q=a|b", "https://cdn.example/p?f={x}|y^z", "https://a.example/ok",
                "https://b.example/with space?c=\"q\"", "https://a.example/caf\u00e9|1"};
        for (int i = 0; i < 40; i++) {
            entries.add("{\"startedDateTime\": \"2024-11-19T10:00:" + String.format("%02d", i / 2) + "."
                    + (i % 2 == 0 ? "100" : "600") + "Z\", \"request\": {\"method\": \"GET\", \"url\": \""
                    + urls[i % urls.length].replace("\"", "\\\"") + "\", \"headers\": []}, \"response\": {\"status\":"
                    + " 200}}");
        }
        Files.writeString(dir.resolve("browser.har"), "{\"log\": {\"entries\": [\n" + String.join(",\n", entries)
                + "\n]}}\n");
        Path s = dir.resolve("har.yaml");
        Files.writeString(s, String.join("\n", "name: har", "key: ip",
                "limiters: [{name: tb, algorithm: token-bucket, rate: 1000/s, burst: 100}]",
                "traffic:", "  - {name: browser, trace: {path: browser.har, speed: 10}}", ""));
        Path report = dir.resolve("report");
        LoadCommandTest.Run r = LoadCommandTest.run("run", s.toString(), "--report", report.toString(), "--warmup",
                "0s");
        assertEquals(0, r.exit(), r.err());
        JsonNode summary = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
        JsonNode l = summary.get("limiters").get(0);
        assertEquals(40, l.get("status").get("200").asLong(), l.get("errorCauses").toString() + l.get("status"));
        assertEquals(0, l.get("status").get("4xx").asLong());
        assertEquals(0, l.get("status").get("error").asLong());
        assertEquals(0, l.get("errorCauses").size());
        JsonNode trace = summary.get("traces").get(0);
        assertEquals(40, trace.get("read").asLong());
        assertTrue(r.err().contains("trace browser (browser.har, har)"), r.err());
    }
}
