package io.ratelab.ui;

import io.ratelab.ui.chart.CanvasChart;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Saves charts (or any node) as PNG: a JavaFX snapshot converted with {@link SwingFXUtils} and written by
 * {@link ImageIO}. FX thread only (snapshots must be taken there).
 */
public final class ChartSnapshots {

    private ChartSnapshots() {
    }

    /** Writes {@code node} as a PNG file at {@code file}. */
    public static void savePng(Node node, Path file) throws IOException {
        WritableImage image = node.snapshot(new SnapshotParameters(), null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    /**
     * Writes each chart to {@code dir} as {@code <prefix>-<title>.png} (title made file-safe); returns the files.
     */
    public static List<Path> saveAll(List<CanvasChart> charts, Path dir, String prefix) throws IOException {
        List<Path> written = new ArrayList<>();
        for (CanvasChart c : charts) {
            Path f = dir.resolve(prefix + "-" + fileName(c.getTitle()) + ".png");
            savePng(c, f);
            written.add(f);
        }
        return written;
    }

    /**
     * A lowercase, dash-separated file name from a title: "Latency by percentile" becomes "latency-by-percentile". A
     * long title loses whole words from its end, never part of one ("…-by-percenti.png", issue 21).
     */
    static String fileName(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        while (s.length() > MAX_NAME && s.lastIndexOf('-') > 0) {
            s = s.substring(0, s.lastIndexOf('-'));
        }
        return s.isEmpty() ? "chart" : s;
    }

    /** The longest file name a title makes (before whole words are dropped). */
    static final int MAX_NAME = 48;
}
