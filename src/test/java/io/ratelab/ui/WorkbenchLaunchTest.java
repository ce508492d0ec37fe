package io.ratelab.ui;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window opens headless (Monocle) with its title and icons. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchLaunchTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new Workbench().start(stage);
    }

    @Test
    void windowTitleBeginsWithRateLabAndCarriesTheIcons() {
        assertTrue(stage.getTitle().startsWith("RateLab"), stage.getTitle());
        assertFalse(stage.getIcons().isEmpty(), "window icons from icons/");
        assertTrue(stage.isShowing());
    }
}
