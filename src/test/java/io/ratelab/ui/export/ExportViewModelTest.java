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
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * The agreement line groups its counts like every other count in the workbench, while the exported file's
     * comment keeps plain digits (tools and the CLI test read them): the same numbers in both.
     */
    @Test
    void theAgreementLineGroupsThousandsOnScreenAndTheFileKeepsPlainDigits() {
        String busy = SCENARIO.replace("clients: 5, arrival: {process: poisson, rate: 3/s}",
                "clients: 40, arrival: {process: poisson, rate: 5/s}");
        Scenario s = Scenario.parse(busy, "test", FileFormats.yaml(), Path.of("."));
        ExportViewModel vm = new ExportViewModel(s.limiters().get(1), s, Path.of("."), Runnable::run, Runnable::run);
        String shown = vm.notesProperty().get();
        java.util.regex.Matcher onScreen = java.util.regex.Pattern.compile(
                "admits (\\d{1,3}(?:,\\d{3})+) of (\\d{1,3}(?:,\\d{3})+) sends").matcher(shown);
        assertTrue(onScreen.find(), "counts over a thousand are grouped: " + shown);
        String admitted = onScreen.group(1).replace(",", "");
        String sends = onScreen.group(2).replace(",", "");
        String file = vm.previewProperty().get().replace("\n#  ", "");
        assertTrue(file.contains("admits " + admitted + " of " + sends + " sends"), file);
        assertFalse(file.contains("admits " + onScreen.group(1)), "the exported comment is not grouped: " + file);
    }

    /** Issue 21 item 2: an invalid field leaves no stale preview to copy or save, and a save says where it wrote. */
    @Test
    void anInvalidFieldClearsThePreviewAndWhatIsSavedIsExactlyThePreview(@TempDir Path dir) throws Exception {
        ExportViewModel vm = vm(0);
        assertTrue(vm.exportableProperty().get());
        String good = vm.previewProperty().get();
        assertTrue(good.contains("127.0.0.1:8080"), good);

        vm.upstreamProperty().set("http://[bad");
        assertFalse(vm.errorProperty().get().isEmpty(), "the dialog says what is wrong");
        assertEquals("", vm.previewProperty().get(), "no preview of a form that is not valid");
        assertEquals("", vm.notesProperty().get());
        assertFalse(vm.exportableProperty().get(), "Copy and Save are disabled");
        Path refused = dir.resolve("refused.conf");
        assertThrows(java.io.IOException.class, () -> vm.save(refused));
        assertFalse(Files.exists(refused), "nothing written, least of all the previous upstream's export");

        vm.upstreamProperty().set("http://10.1.2.3:9000");
        assertTrue(vm.exportableProperty().get());
        assertTrue(vm.previewProperty().get().contains("10.1.2.3:9000"), vm.previewProperty().get());
        Path file = dir.resolve("nginx.conf");
        vm.save(file);
        assertEquals(vm.previewProperty().get(), Files.readString(file));
        assertEquals("Saved to " + file.toAbsolutePath(), vm.savedProperty().get());
        vm.snippetProperty().set(true);
        assertEquals("", vm.savedProperty().get(), "a changed form is not what was saved");
    }

    @Test
    void whileANewerExportRunsThereIsNothingToCopyOrSave() {
        java.util.List<Runnable> pending = new java.util.ArrayList<>();
        Scenario s = Scenario.parse(SCENARIO, "test", FileFormats.yaml(), Path.of("."));
        ExportViewModel vm = new ExportViewModel(s.limiters().get(0), s, Path.of("."), pending::add, Runnable::run);
        pending.remove(0).run();
        assertTrue(vm.exportableProperty().get());
        vm.upstreamProperty().set("http://10.9.9.9:1");
        assertFalse(vm.exportableProperty().get(), "the preview is the previous upstream's until the export ends");
        vm.upstreamProperty().set("http://[bad");
        pending.forEach(Runnable::run);
        assertEquals("", vm.previewProperty().get(), "the running export's result is dropped: the form is invalid");
        assertFalse(vm.exportableProperty().get());
    }
}
