package io.ratelab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ratelab --open FILE --start}: the window gets the checked file; a bad file never opens a window. */
class WindowOptionsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<List<String>> windows = new ArrayList<>();

    private int run(String... args) {
        CommandLine cl = RateLabCommand.commandLine(windows::add);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void openAndStartHandTheAbsoluteFileToTheWindow() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: s
                duration: 10s
                limiters: [{name: tb, algorithm: token-bucket, rate: 10/s, burst: 5}]
                traffic: [{name: g, arrival: {process: constant, rate: 5/s}}]
                """);
        assertEquals(0, run("--open", file.toString(), "--start"));
        assertEquals(List.of(List.of("--open", file.toAbsolutePath().toString(), "--start")), windows);
        assertEquals(0, run("--start"));
        assertEquals(List.of("--start"), windows.get(1), "the default scenario, started");
    }

    @Test
    void aMissingOrInvalidFileIsAnErrorAndNoWindowOpens() throws Exception {
        assertEquals(2, run("--open", dir.resolve("nope.yaml").toString()));
        assertTrue(err.toString().contains("nope.yaml: no such file"), err.toString());
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nduration: 10s\nlimiters: []\n");
        assertEquals(2, run("--open", bad.toString(), "--start"));
        assertTrue(err.toString().contains("bad.yaml"), err.toString());
        assertTrue(windows.isEmpty());
    }

    @Test
    void withoutOptionsItPrintsTheUsageThatListsThem() {
        assertEquals(0, run());
        assertTrue(out.toString().contains("--open=FILE") && out.toString().contains("--start"), out.toString());
        assertTrue(windows.isEmpty());
    }
}
