package io.ratelab.ui.export;

import io.ratelab.export.ExportFormat;
import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export dialog's logic over the real exporters, run synchronously, without the FX toolkit. */
class ExportViewModelTest {

    private static final String SCENARIO = String.join("\n",
            "name: api", "duration: 30s", "key: ip",
            "limiters: [{name: edge, algorithm: nginx-limit-req, rate: 10/s, burst: 20, nodelay: true},"
                    + " {name: tb, algorithm: token-bucket, rate: 10/s, burst: 20, key: 'header:X-Api-Key'}]",
            "traffic: [{name: users, clients: 5, arrival: {process: poisson, rate: 3/s}}]");

    private static ExportViewModel vm(int limiter) {
        Scenario s = Scenario.parse(SCENARIO, "test", FileFormats.yaml(), Path.of("."));
        return new ExportViewModel(s.limiters().get(limiter), s, Path.of("."), Runnable::run, Runnable::run);
    }

    @Test
    void previewsEachFormatAndSavesIt(@TempDir Path dir) throws Exception {
        ExportViewModel vm = vm(0);
        assertTrue(vm.previewProperty().get().contains("limit_req_zone"), vm.previewProperty().get());
        assertTrue(vm.previewProperty().get().contains("nodelay"));
        vm.formatProperty().set(ExportFormat.RATELAB);
        assertTrue(vm.previewProperty().get().contains("nginx-limit-req"), vm.previewProperty().get());
        assertEquals("ratelab.yaml", vm.suggestedFileName());
        vm.save(dir.resolve("ratelab.yaml"));
        assertEquals(vm.previewProperty().get(), Files.readString(dir.resolve("ratelab.yaml")));
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void theLimitersOwnKeyRuleIsExportedAndBadAddressesAreNamed() {
        ExportViewModel vm = vm(1);
        vm.formatProperty().set(ExportFormat.RATELAB);
        assertTrue(vm.previewProperty().get().toLowerCase(java.util.Locale.ROOT).contains("header:x-api-key"),
                vm.previewProperty().get());
        vm.listenProperty().set("nowhere");
        assertFalse(vm.errorProperty().get().isEmpty());
        vm.listenProperty().set("0.0.0.0:8080");
        vm.upstreamProperty().set("ftp://x");
        assertTrue(vm.errorProperty().get().startsWith("upstream"), vm.errorProperty().get());
    }
}
