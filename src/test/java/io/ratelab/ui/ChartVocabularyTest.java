package io.ratelab.ui;

import io.ratelab.metrics.Vocabulary;
import io.ratelab.report.RunCharts;
import io.ratelab.report.plot.ChartSeries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the rates chart's legend said "accepted" where the rest of the product says "admitted (2xx)". Charts,
 * their titles, column headers and help use {@link Vocabulary}'s words.
 */
class ChartVocabularyTest {

    private static final Pattern SHOWN_ATTRIBUTE =
            Pattern.compile("\\b(text|title|promptText|accessibleHelp|accessibleText)=\"([^\"]*)\"");

    @Test
    void theRatesChartLegendUsesTheVocabularyWords() {
        RunCharts charts = new RunCharts(List.of("greedy"), 10);
        List<String> names = charts.rates(true, Set.of("greedy")).series().stream().map(ChartSeries::name).toList();
        assertEquals(List.of(Vocabulary.WORD_ADMITTED, Vocabulary.WORD_REJECTED, Vocabulary.WORD_ERRORS,
                Vocabulary.WORD_OFFERED, "greedy " + Vocabulary.WORD_ADMITTED, "greedy " + Vocabulary.WORD_REJECTED),
                names);
    }

    @Test
    void noViewShowsTheWordAccepted() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/io/ratelab/ui"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".fxml")).toList()) {
                Matcher m = SHOWN_ATTRIBUTE.matcher(Files.readString(f));
                while (m.find()) {
                    if (m.group(2).toLowerCase(Locale.ROOT).contains("accept")) {
                        found.add(f.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "say admitted (2xx), as metrics.Vocabulary does: " + found);
    }
}
