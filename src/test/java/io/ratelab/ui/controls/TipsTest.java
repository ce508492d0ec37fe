package io.ratelab.ui.controls;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Tooltips are made from a node's help text when the pointer first enters it, and then show as tooltips do. */
@ExtendWith(ApplicationExtension.class)
class TipsTest {

    private Button save;
    private Button plain;
    private Pane chart;
    private Tooltip own;

    @Start
    void start(Stage stage) {
        save = new Button("Save");
        save.setId("save");
        Tips.set(save, "Save the scenario (Ctrl+S)");
        plain = new Button("Plain");
        plain.setId("plain");
        chart = new Pane();
        chart.setId("chart");
        chart.setPrefSize(120, 80);
        Tips.set(chart, "Drag to zoom", Duration.seconds(2));
        own = new Tooltip("its own");
        Button mine = new Button("Mine");
        mine.setId("mine");
        mine.setTooltip(own);
        Tips.set(mine, "help text");
        Scene scene = new Scene(new HBox(20, save, plain, chart, mine), 500, 120);
        Tips.enable(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void theTooltipIsMadeOnFirstEntryAndShowsTheHelpText(FxRobot robot) throws Exception {
        assertNull(save.getTooltip(), "no tooltip before the pointer comes");
        assertEquals("Save the scenario (Ctrl+S)", save.getAccessibleHelp(), "screen readers get the text at once");
        robot.moveTo("#plain").moveTo("#save").moveBy(2, 1);
        Tooltip t = save.getTooltip();
        assertEquals("Save the scenario (Ctrl+S)", t.getText());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, t::isShowing);
        robot.interact(() -> save.setAccessibleHelp("Save it"));
        assertEquals("Save it", t.getText(), "follows the help text");
        robot.moveTo("#plain");
        assertNull(plain.getTooltip(), "no help, no tooltip");
        robot.moveTo("#save");
        assertSame(t, save.getTooltip(), "made once");
    }

    @Test
    void aNodeThatIsNotAControlGetsItsTooltipInstalledWithItsDelay(FxRobot robot) {
        robot.moveTo("#chart");
        Tooltip t = (Tooltip) chart.getProperties().get("javafx.scene.control.Tooltip");
        assertEquals("Drag to zoom", t.getText());
        assertEquals(Duration.seconds(2), t.getShowDelay());
    }

    @Test
    void clearingTheHelpTextTakesTheTooltipAway(FxRobot robot) {
        robot.moveTo("#save").moveTo("#chart");
        robot.interact(() -> {
            Tips.set(save, null);
            Tips.set(chart, "");
        });
        assertNull(save.getTooltip());
        assertNull(chart.getProperties().get("javafx.scene.control.Tooltip"));
        robot.interact(() -> Tips.set(save, "Back again"));
        robot.moveTo("#plain").moveTo("#save");
        assertEquals("Back again", save.getTooltip().getText());
    }

    @Test
    void aFollowedTextIsTheHelpWhileItIsNotEmpty(FxRobot robot) {
        StringProperty status = new SimpleStringProperty("");
        robot.interact(() -> Tips.follow(plain, status));
        robot.moveTo("#plain");
        assertNull(plain.getTooltip(), "no text, no tooltip");
        robot.interact(() -> status.set("⚠ Target rate not reached: 8,976 of 20,000 req/s"));
        robot.moveTo("#save").moveTo("#plain");
        assertEquals("⚠ Target rate not reached: 8,976 of 20,000 req/s", plain.getTooltip().getText());
        robot.interact(() -> status.set("⚠ The last run fell short"));
        assertEquals("⚠ The last run fell short", plain.getTooltip().getText(), "follows");
        robot.interact(() -> status.set(""));
        assertNull(plain.getTooltip(), "cleared with the text");
    }

    @Test
    void aControlsOwnTooltipIsKept(FxRobot robot) {
        robot.moveTo("#mine");
        assertSame(own, ((Button) robot.lookup("#mine").query()).getTooltip());
    }
}
