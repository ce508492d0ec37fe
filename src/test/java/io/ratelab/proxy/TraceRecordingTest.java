package io.ratelab.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.proxy.demo.DemoUpstream;
import io.ratelab.scenario.KeyRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves --record writes one JSON line per request with arrival time, key, method, path, outcome and status. */
class TraceRecordingTest {

    @Test
    void everyRequestIsRecordedAndFlushedOnStop(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("sub/trace.jsonl");
        double before = System.currentTimeMillis() / 1000.0;
        try (DemoUpstream upstream = demo()) {
            LimitingProxy proxy = LimitingProxy.start(config(url(upstream.listenAddress()),
                    KeyRule.parse("header:X-Api-Key"), tokenBucket("1/m", 2), List.of(), false,
                    ProxyConfig.Timeouts.DEFAULT, trace.toString()));
            HttpClient client = client();
            get(client, url(proxy.listenAddress(), "/a?q=1"), "X-Api-Key", "k\"1");
            get(client, url(proxy.listenAddress(), "/b"), "X-Api-Key", "k\"1");
            get(client, url(proxy.listenAddress(), "/c"), "X-Api-Key", "k\"1");
            settled(proxy);
            proxy.close();
        }
        double after = System.currentTimeMillis() / 1000.0;
        List<String> lines = Files.readAllLines(trace);
        assertEquals(3, lines.size(), String.join("\n", lines));
        ObjectMapper json = new ObjectMapper();
        String[] paths = {"/a", "/b", "/c"};
        String[] outcomes = {"admitted", "admitted", "rejected"};
        int[] statuses = {200, 200, 429};
        double previous = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode n = json.readTree(lines.get(i));
            assertEquals(paths[i], n.get("path").asText());
            assertEquals("GET", n.get("method").asText());
            assertEquals("k\"1", n.get("key").asText());
            assertEquals(outcomes[i], n.get("outcome").asText());
            assertEquals(statuses[i], n.get("status").asInt());
            double ts = n.get("ts").asDouble();
            assertTrue(ts >= before - 1 && ts <= after + 1, "ts " + ts + " within the test's wall-clock span");
            assertTrue(ts >= previous, "arrival times do not go backwards");
            previous = ts;
        }
    }
}
