package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.ScenarioLimiter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenario's limiter list: selection, editing write-back, copies, removal, key overrides. */
class LimiterPanelViewModelTest {

    private static ScenarioLimiter tb(String name, long rate) {
        return new ScenarioLimiter(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(rate), 10L).withName(name),
                null);
    }

    @Test
    void editsAreWrittenBackToTheSelectedLimiter() {
        LimiterPanelViewModel vm = new LimiterPanelViewModel();
        vm.setLimiters(List.of(tb("a", 10), tb("b", 20)));
        vm.selectedProperty().set(1);
        assertEquals("b", vm.editor().nameProperty().get());
        vm.editor().params().get(0).textProperty().set("99/s");
        assertEquals(Rate.perSecond(99), vm.limiters().get(1).spec().rate());
        assertEquals(Rate.perSecond(10), vm.limiters().get(0).spec().rate(), "the other one is untouched");
        vm.selectedProperty().set(0);
        assertEquals("10/s", vm.editor().params().get(0).textProperty().get());
    }

    @Test
    void copiesGetFreshNamesAndOneLimiterAlwaysStays() {
        LimiterPanelViewModel vm = new LimiterPanelViewModel();
        vm.setLimiters(List.of(tb("edge", 10)));
        assertFalse(vm.canRemoveProperty().get());
        vm.addCopy();
        vm.addCopy();
        assertEquals(List.of("edge", "edge 2", "edge 3"), vm.limiters().stream().map(ScenarioLimiter::name).toList());
        assertEquals(2, vm.selectedProperty().get());
        vm.removeSelected();
        assertEquals(1, vm.selectedProperty().get());
        assertTrue(vm.selectByName("edge"));
        assertEquals(0, vm.selectedProperty().get());
    }

    @Test
    void keyOverrideIsValidatedAndKept() {
        LimiterPanelViewModel vm = new LimiterPanelViewModel();
        vm.setLimiters(List.of(tb("a", 10)));
        vm.keyProperty().set("header:X-Api-Key");
        assertEquals(KeyRule.header("X-Api-Key"), vm.limiters().get(0).key());
        vm.keyProperty().set("elbow");
        assertFalse(vm.keyErrorProperty().get().isEmpty());
        assertEquals(KeyRule.header("X-Api-Key"), vm.limiters().get(0).key(), "the last good one stays");
        vm.keyProperty().set("");
        assertNull(vm.limiters().get(0).key());
    }
}
