package io.ratelab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ratelab verify}: exit 0 when the recording was decided as predicted, 1 with the differences when it was
 * not, 2 with one line saying what and where for bad input; {@code --json} carries every second and key.
 */
class VerifyCommandTest {

    private static final String SCENARIO = "name: loop\nduration: 10s\nkey: ip\nlimiters:\n"
            + "  - {name: api, algorithm: token-bucket, rate: 1/s, burst: 2}\n"
            + "  - {name: tight, algorithm: token-bucket, rate: 1/s, burst: 1}\n"
            + "  - {name: pool, algorithm: concurrency, concurrency: 4}\n"
            + "traffic:\n  - {name: users, clients: 2, arrival: {process: poisson, rate: 2/s}}\n";

    /** Three requests of one key 100 ms apart, the third refused in shadow mode, recorded by a limiter 'api'. */
    private static final String RECORDING = String.join("\n",
            "{\"ts\":1732400000.000000000,\"key\":\"10.0.0.1\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"api\","
                    + "\"outcome\":\"admitted\",\"shadow\":\"admitted\",\"status\":200}",
            "{\"ts\":1732400000.100000000,\"key\":\"10.0.0.1\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"api\","
                    + "\"outcome\":\"admitted\",\"shadow\":\"admitted\",\"status\":200}",
            "{\"ts\":1732400000.200000000,\"key\":\"10.0.0.1\",\"method\":\"GET\",\"path\":\"/\",\"limiter\":\"api\","
                    + "\"outcome\":\"admitted\",\"shadow\":\"rejected\",\"status\":200}") + "\n";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = RateLabCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void agreementExitsZeroAndAMisSetLimiterExitsOneWithTheDifferences(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        Path trace = Files.writeString(dir.resolve("rec.jsonl"), RECORDING);
        assertEquals(0, run("verify", scenario.toString(), "--limiter", "api", trace.toString()), err.toString());
        assertTrue(out.toString().contains("agree: every one of the 3 requests"), out.toString());
        assertTrue(out.toString().contains("(all decided in shadow mode)"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(1, run("verify", scenario.toString(), "--limiter", "tight", trace.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("note: the recording names its limiter 'api', not 'tight'"), text);
        assertTrue(text.contains("differ: 1 requests"), text);
        assertTrue(text.contains("line 2 at ") && text.contains("key 10.0.0.1: predicted rejected, observed admitted"),
                text);
        assertTrue(text.contains("per second: 1 of 1 seconds differ, by at most 1"), text);
    }

    /** The curated example says what these commands print; this keeps it true. */
    @Test
    void theCuratedShadowLoopVerifiesAsItsCommentSays() {
        assertEquals(0, run("verify", "simulations/shadow-loop.yaml", "--limiter", "api",
                "simulations/traces/shadow-recording.jsonl"), err.toString());
        assertTrue(out.toString().contains("  rejected                        171          171   (+0.00%)"),
                out.toString());
        assertTrue(out.toString().contains("agree: every one of the 587 requests"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(1, run("verify", "simulations/shadow-loop.yaml", "--limiter", "api, burst 5",
                "simulations/traces/shadow-recording.jsonl"), err.toString());
        assertTrue(out.toString().contains("per key: 1 of 9 keys differ"), out.toString());
    }

    @Test
    void jsonCarriesTheVerdictAndEverySecondAndKey(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        Path trace = Files.writeString(dir.resolve("rec.jsonl"), RECORDING);
        assertEquals(1, run("verify", scenario.toString(), "--limiter", "tight", trace.toString(), "--json"));
        JsonNode n = new ObjectMapper().readTree(out.toString());
        assertFalse(n.get("agrees").asBoolean());
        assertEquals(1, n.get("differing").asLong());
        assertEquals(3, n.get("compared").asLong());
        assertEquals(2, n.get("predictedRejected").asLong());
        assertEquals(1, n.get("observedRejected").asLong());
        assertEquals(1732400000L, n.get("seconds").get(0).get("epochSecond").asLong());
        assertEquals("10.0.0.1", n.get("keys").get(0).get("key").asText());
        assertEquals("RATELAB", n.get("deployed").asText());
    }

    @Test
    void badInputGetsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), SCENARIO);
        Path trace = Files.writeString(dir.resolve("rec.jsonl"), RECORDING);
        assertEquals(2, run("verify", scenario.toString(), trace.toString()));
        assertTrue(err.toString().contains("choose one with --limiter NAME: 'api', 'tight', 'pool'"), err.toString());
        assertBad(run("verify", scenario.toString(), "--limiter", "nope", trace.toString()), "no limiter named 'nope'");
        assertBad(run("verify", scenario.toString(), "--limiter", "pool", trace.toString()), "in flight");
        assertBad(run("verify", scenario.toString(), "--limiter", "api", dir.resolve("missing.log").toString()),
                "missing.log: no such file");
        assertBad(run("verify", scenario.toString(), "--limiter", "api", trace.toString(), "--format", "csv"),
                "records no limiter decisions");
        Path garbage = Files.writeString(dir.resolve("garbage.log"), "not a log line\n");
        assertBad(run("verify", scenario.toString(), "--limiter", "api", garbage.toString()),
                "holds no request with a recorded decision");
    }

    private void assertBad(int code, String expected) {
        assertEquals(2, code, err.toString());
        String e = err.toString();
        assertTrue(e.contains(expected), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        err.getBuffer().setLength(0);
    }
}
