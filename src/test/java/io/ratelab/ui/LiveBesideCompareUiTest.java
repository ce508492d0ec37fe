package io.ratelab.ui;

import io.ratelab.ui.compare.CompareRow;
import io.ratelab.ui.live.LiveSession;
import javafx.scene.control.TableColumn;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prediction beside measurement: run the selected limiter live (F5, then F5 to stop), compare (Ctrl+M), and the
 * Compare table's Live columns hold that limiter's measured admitted share and p99 — and nothing for the limiters
 * that did not run live. Waits poll a condition with a deadline.
 */
@ExtendWith(ApplicationExtension.class)
class LiveBesideCompareUiTest {

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

    @Test
    void aLimiterRunLiveShowsItsMeasurementInCompare(FxRobot robot) throws Exception {
        MainWindowViewModel vm = app.viewModel();
        String live = WaitForAsyncUtils.asyncFx(() -> vm.limiters().selectedLimiter().name()).get();
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> vm.runs().session() != null
                && vm.runs().session().state() == LiveSession.State.RUNNING && vm.live().acceptedProperty().get() > 100
                // latency by answer is gathered once a second: a run stopped in its first second has no live p99
                && vm.runs().session().snapshot() != null && vm.runs().session().snapshot().elapsedNanos() > 1_500_000_000L)
                .get());
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !vm.runs().runningProperty().get()).get());

        robot.press(KeyCode.CONTROL).type(KeyCode.M).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> !vm.compareMode().rows().isEmpty()).get());
        List<CompareRow> rows = WaitForAsyncUtils.asyncFx(() -> List.copyOf(vm.compareMode().rows())).get();
        for (CompareRow r : rows) {
            if (r.limiter().equals(live)) {
                assertTrue(r.liveAdmittedPercent() > 0 && r.liveP99Millis() > 0, "measured live: " + r);
            } else {
                assertTrue(Double.isNaN(r.liveAdmittedPercent()), "not run live: " + r);
            }
        }
        assertTrue(rows.stream().anyMatch(r -> r.limiter().equals(live)), live + " in " + rows);
        List<String> ids = robot.lookup(".table-view").queryAllAs(TableView.class).stream()
                .map(t -> ((TableView<?>) t).getColumns().stream().map(TableColumn::getId).toList())
                .filter(columns -> columns.contains("liveP99Column")).findFirst().orElse(List.of());
        assertFalse(ids.isEmpty(), "the Live columns are in the Compare table");
        assertTrue(ids.indexOf("liveAdmittedPercentColumn") == ids.indexOf("p99Column") + 1
                && ids.indexOf("liveP99Column") == ids.indexOf("p99Column") + 2, ids.toString());
    }
}
