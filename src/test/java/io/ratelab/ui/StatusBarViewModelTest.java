package io.ratelab.ui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status bar's texts: rates, the shortfall warning while running and after the run. */
class StatusBarViewModelTest {

    @Test
    void shortfallIsWarnedOnlyOnceSettledAndClearsWhenTheRateRecovers() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.running("http://127.0.0.1:8080/", "http://127.0.0.1:9000/");
        s.rates(50, 120, false);
        assertEquals("", s.warningProperty().get(), "the first seconds ramp up");
        s.rates(105, 120, true);
        assertEquals("⚠ Target rate not reached: 105 of 120 req/s", s.warningProperty().get());
        assertEquals("105 of 120 req/s (88%)", s.rateProperty().get());
        s.rates(119, 120, true);
        assertEquals("", s.warningProperty().get());
    }

    @Test
    void aShortfallWarningSpeaksOfTheEndedRunOnceStopped() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.running("http://127.0.0.1:8080/", "http://127.0.0.1:9000/");
        s.rates(105, 120, true);
        s.stopped();
        assertEquals("⚠ The last run fell short of its target: 105 of 120 req/s", s.warningProperty().get());
        assertEquals("not running", s.proxyUrlProperty().get());
        assertEquals("–", s.rateProperty().get());
        s.running("http://127.0.0.1:8080/", "http://127.0.0.1:9000/");
        assertEquals("", s.warningProperty().get(), "a new run starts without the old warning");
    }

    @Test
    void otherWarningsStayAsTheyWereWhenTheRunStops() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.warn("Cannot open the scenario: no such file");
        s.stopped();
        assertEquals("⚠ Cannot open the scenario: no such file", s.warningProperty().get());
    }
}
