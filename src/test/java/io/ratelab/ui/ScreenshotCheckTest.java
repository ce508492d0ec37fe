package io.ratelab.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The screenshot tests' content check rejects a blank image and one of the wrong size, and accepts a drawn one. */
class ScreenshotCheckTest {

    @Test
    void aBlankImageFailsADrawnOnePasses(@TempDir Path dir) throws Exception {
        Path blank = write(dir.resolve("blank.png"), false);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ScreenshotTest.assertPainted(blank, 200, 100));
        assertTrue(e.getMessage().contains("colours: blank?"), e.getMessage());

        Path drawn = write(dir.resolve("drawn.png"), true);
        ScreenshotTest.assertPainted(drawn, 200, 100);
        assertThrows(AssertionFailedError.class, () -> ScreenshotTest.assertPainted(drawn, 300, 100),
                "the wrong width");
    }

    /** A 200 x 100 white image; drawn: with a band of 40 grey levels over a fifth of it. */
    private static Path write(Path file, boolean drawn) throws Exception {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 100);
        for (int i = 0; drawn && i < 40; i++) {
            g.setColor(new Color(i * 5, i * 5, i * 5));
            g.fillRect(i * 5, 40, 5, 20);
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
