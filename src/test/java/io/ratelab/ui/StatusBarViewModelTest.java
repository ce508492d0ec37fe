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
        s.rates(80, 120, true);
        assertEquals("⚠ Target rate not reached: 80 of 120 req/s", s.warningProperty().get());
        assertEquals("80 of 120 req/s (67%)", s.rateProperty().get());
        s.rates(119, 120, true);
        assertEquals("", s.warningProperty().get());
    }

    /** Issue 21: one second of a Poisson schedule at 120/s holds 120 ± 11 arrivals; 111 is no shortfall. */
    @Test
    void aPoissonSecondBelowTheMeanIsNoShortfallButAShortHighRateIs() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.rates(111, 120, true);
        assertEquals("", s.warningProperty().get());
        s.rates(90, 120, true);
        assertEquals("", s.warningProperty().get(), "within 3 standard deviations (3·√120 ≈ 33)");
        s.rates(86, 120, true);
        assertEquals("⚠ Target rate not reached: 86 of 120 req/s", s.warningProperty().get());
        s.rates(19_100, 20_000, true);
        assertEquals("", s.warningProperty().get(), "within 5 %");
        s.rates(18_900, 20_000, true);
        assertEquals("⚠ Target rate not reached: 18,900 of 20,000 req/s", s.warningProperty().get());
    }

    /** Issue 21: a rate far above the target with late sends is the generator sending its backlog, and says so. */
    @Test
    void aRateAboveTheTargetWithLateSendsIsCatchingUp() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.rates(40_587, 20_000, true, 39_000);
        assertEquals("40,587 of 20,000 req/s (203%, catching up)", s.rateProperty().get());
        assertEquals(StatusBarViewModel.CATCHING_UP, s.warningProperty().get());
        s.rates(20_050, 20_000, true, 10);
        assertEquals("20,050 of 20,000 req/s (100%)", s.rateProperty().get());
        assertEquals("", s.warningProperty().get(), "caught up");
        s.rates(160, 120, true, 0);
        assertEquals("160 of 120 req/s (133%)", s.rateProperty().get(), "retries on top, nothing late");
    }

    @Test
    void aShortfallWarningSpeaksOfTheEndedRunOnceStopped() {
        StatusBarViewModel s = new StatusBarViewModel();
        s.running("http://127.0.0.1:8080/", "http://127.0.0.1:9000/");
        s.rates(80, 120, true);
        s.stopped();
        assertEquals("⚠ The last run fell short of its target: 80 of 120 req/s", s.warningProperty().get());
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
