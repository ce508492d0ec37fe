package io.ratelab.ui;

import io.ratelab.limit.Algorithm;
import io.ratelab.proxy.LimitSettings;
import io.ratelab.ui.chart.CanvasChart;
import io.ratelab.ui.live.ClientRow;
import io.ratelab.ui.live.LiveSession;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole workbench, headless: start the default scenario with F5 (real demo upstream, proxy and generator on
 * loopback), see counters and chart points grow, switch the algorithm while traffic flows and see the proxy's config
 * change (through its admin API), then stop: the achieved rate becomes the run's average. Waits poll a condition
 * with a deadline; nothing sleeps to let time pass.
 */
@ExtendWith(ApplicationExtension.class)
class LiveRunUiTest {

    private Workbench app;

    @Start
    void start(Stage stage) {
        app = new Workbench();
        app.start(stage);
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(() -> app.viewModel().shutdown());
    }

    private static void await(String what, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return WaitForAsyncUtils.asyncFx(condition).get();
        });
    }

    @Test
    void startSeeTrafficSwitchTheAlgorithmAndStop(FxRobot robot) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        robot.type(KeyCode.F5);
        await("the run starts", () -> vm.runs().runningProperty().get() && vm.runs().session() != null
                && vm.runs().session().state() == LiveSession.State.RUNNING);
        CanvasChart rates = app.view().liveView().charts().get(0);
        await("requests are accepted", () -> vm.live().acceptedProperty().get() > 50);
        long paintsBefore = WaitForAsyncUtils.asyncFx(rates::paintCount).get();
        int pointsBefore = WaitForAsyncUtils.asyncFx(() -> rates.getData().series().get(0).size()).get();
        await("the counters and the chart grow", () -> vm.live().acceptedProperty().get() > 200
                && rates.getData().series().get(0).size() > pointsBefore + 5 && rates.paintCount() > paintsBefore);
        assertTrue(vm.status().proxyUrlProperty().get().startsWith("http://127.0.0.1:"),
                vm.status().proxyUrlProperty().get());
        TableView<javafx.beans.property.ObjectProperty<ClientRow>> topClients = robot.lookup("#topClientsTable").queryTableView();
        await("the top-clients table fills", () -> topClients.getItems().size() == 20);
        ClientRow busiest = WaitForAsyncUtils.asyncFx(() -> topClients.getItems().get(0).get()).get();
        assertTrue(busiest.key().startsWith("127.0.0."), "clients by their own source address: " + busiest);
        assertTrue(busiest.offered() > 0 && busiest.admitted() + busiest.rejected() <= 3L * busiest.offered(),
                busiest::toString);
        await("each group shows its fairness", () -> vm.live().groupRows().stream()
                .allMatch(g -> g.fairness() > 0 && g.fairness() <= 1));
        // once every one of the default scenario's 22 clients has sent (a polite one can stay quiet for a second)
        await("the caption counts the default scenario's 22 clients", () -> robot.lookup(".label")
                .queryAllAs(Label.class).stream().anyMatch(l -> l.getText() != null
                        && l.getText().startsWith("20 of 22 clients · fairness over all ")));
        String admin = vm.runs().session().adminUrl();
        assertTrue(adminConfig(admin).contains("token-bucket"));

        robot.interact(() -> vm.limiters().editor().algorithmProperty().set(Algorithm.SLIDING_WINDOW));
        await("the proxy runs the new algorithm", () -> {
            LimitSettings s = vm.runs().session().proxySettings();
            return s != null && s.limiter().algorithm() == Algorithm.SLIDING_WINDOW;
        });
        assertTrue(adminConfig(admin).contains("sliding-window"), "GET /config shows the swap");
        // issue 21: the swap is marked on the charts over time and said in the status bar, under the new algorithm's
        // name ("token bucket" became "sliding window", made unique beside the scenario's own "sliding window")
        await("the swap is marked on the rates chart", () -> rates.getData().markers().stream()
                .anyMatch(mk -> mk.label().equals("→ sliding window 2")));
        assertTrue(WaitForAsyncUtils.asyncFx(() -> vm.status().messageProperty().get()).get()
                .contains("the proxy switched to 'sliding window 2': sliding-window 20/s"),
                WaitForAsyncUtils.asyncFx(() -> vm.status().messageProperty().get()).get());
        long acceptedAfterSwap = WaitForAsyncUtils.asyncFx(() -> vm.live().acceptedProperty().get()).get();
        await("traffic keeps flowing after the swap", () -> vm.live().acceptedProperty().get() > acceptedAfterSwap + 50);

        // Ctrl+R stops as F5 does (a scene accelerator beside the Run menu's one "Start / stop" item)
        robot.press(KeyCode.CONTROL).press(KeyCode.R).release(KeyCode.R).release(KeyCode.CONTROL);
        await("stopped", () -> !vm.runs().runningProperty().get());
        assertEquals("not running", vm.status().proxyUrlProperty().get());
        assertNotNull(vm.live().lastSnapshot());
        await("the rate caption says the number is the run's average",
                () -> robot.lookup(".label").queryAllAs(Label.class).stream().anyMatch(l -> l.getText() != null
                        && l.getText().startsWith("offered, average over the run, of ")
                        && l.getText().contains(" retries/s")));
        Path reportDir = Files.createTempDirectory("ratelab-live-report");
        List<Path> files = WaitForAsyncUtils.asyncFx(() -> vm.runs().saveReport(reportDir, false)).get();
        assertTrue(files.contains(reportDir.resolve("report.html")), files.toString());
        String json = Files.readString(reportDir.resolve("report.json"));
        assertTrue(json.contains("\"algorithm\" : \"sliding-window\""), "the swap is in the report: " + json);
    }

    private static String adminConfig(String admin) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(admin + "config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
