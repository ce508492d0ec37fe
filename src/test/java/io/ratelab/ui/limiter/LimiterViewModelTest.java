package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limiter panel's logic, without the FX toolkit. */
class LimiterViewModelTest {

    private static ParamViewModel param(LimiterViewModel vm, Algorithm.Param p) {
        return vm.params().stream().filter(x -> x.param() == p).findFirst().orElseThrow();
    }

    @Test
    void showsTheParametersAndExplanationOfThePickedAlgorithm() {
        LimiterViewModel vm = new LimiterViewModel();
        vm.algorithmProperty().set(Algorithm.NGINX_LIMIT_REQ);
        assertEquals(Algorithm.NGINX_LIMIT_REQ.explanation(), vm.explanationProperty().get());
        List<Algorithm.Param> shown = vm.params().stream().map(ParamViewModel::param).toList();
        assertEquals(Algorithm.Param.RATE, shown.get(0), "required first");
        assertTrue(shown.containsAll(Algorithm.NGINX_LIMIT_REQ.optional()));
        assertEquals(1 + Algorithm.NGINX_LIMIT_REQ.optional().size(), shown.size());
        assertTrue(param(vm, Algorithm.Param.RATE).isRequired());
        assertFalse(param(vm, Algorithm.Param.NODELAY).isRequired());
    }

    @Test
    void editsProduceAValidSpecAndKeepSharedValuesAcrossAlgorithms() {
        LimiterViewModel vm = new LimiterViewModel();
        List<LimiterSpec> published = new ArrayList<>();
        vm.specProperty().addListener((obs, o, n) -> published.add(n));
        param(vm, Algorithm.Param.RATE).textProperty().set("250/s");
        param(vm, Algorithm.Param.BURST).textProperty().set("30");
        assertEquals(LimiterSpec.of(Algorithm.TOKEN_BUCKET, Rate.perSecond(250), 30L), vm.getSpec());
        vm.algorithmProperty().set(Algorithm.GCRA);
        LimiterSpec gcra = vm.getSpec();
        assertEquals(Algorithm.GCRA, gcra.algorithm());
        assertEquals(Rate.perSecond(250), gcra.rate(), "rate carried over");
        assertEquals(30L, gcra.burst(), "burst carried over into the optional field and enabled");
        assertEquals(3, published.size());
    }

    @Test
    void anInvalidFieldKeepsTheLastGoodSpecAndSaysWhy() {
        LimiterViewModel vm = new LimiterViewModel();
        LimiterSpec before = vm.getSpec();
        param(vm, Algorithm.Param.RATE).textProperty().set("fast");
        assertSame(before, vm.getSpec());
        assertTrue(vm.errorProperty().get().startsWith("rate: 'fast' is not a rate"), vm.errorProperty().get());
        assertFalse(param(vm, Algorithm.Param.RATE).errorProperty().get().isEmpty());
        param(vm, Algorithm.Param.RATE).textProperty().set("10/s");
        assertEquals("", vm.errorProperty().get());
        assertEquals(Rate.perSecond(10), vm.getSpec().rate());
    }

    @Test
    void optionalParametersAreAbsentUntilEnabled() {
        LimiterViewModel vm = new LimiterViewModel();
        vm.algorithmProperty().set(Algorithm.FIXED_WINDOW);
        assertNull(vm.getSpec().window());
        ParamViewModel window = param(vm, Algorithm.Param.WINDOW);
        window.textProperty().set("250ms");
        assertNull(vm.getSpec().window(), "still disabled");
        window.enabledProperty().set(true);
        assertEquals(Duration.ofMillis(250), vm.getSpec().window());
    }

    @Test
    void nginxRefusesNodelayWithDelay() {
        LimiterViewModel vm = new LimiterViewModel();
        vm.algorithmProperty().set(Algorithm.NGINX_LIMIT_REQ);
        ParamViewModel nodelay = param(vm, Algorithm.Param.NODELAY);
        nodelay.enabledProperty().set(true);
        nodelay.textProperty().set("true");
        assertEquals(Boolean.TRUE, vm.getSpec().nodelay());
        ParamViewModel delay = param(vm, Algorithm.Param.DELAY);
        delay.textProperty().set("5");
        delay.enabledProperty().set(true);
        assertTrue(vm.errorProperty().get().contains("nodelay"), vm.errorProperty().get());
    }

    @Test
    void loadShowsASpecAndRequiredFieldsCannotBeSwitchedOff() {
        LimiterViewModel vm = new LimiterViewModel();
        LimiterSpec s = new LimiterSpec("edge", Algorithm.HAPROXY_REQ_RATE, Rate.parse("600/m"), null, null,
                Duration.ofSeconds(10), null, null, null, null, null);
        vm.load(s);
        assertEquals(s, vm.getSpec());
        assertEquals("edge", vm.nameProperty().get());
        assertEquals("600/m", param(vm, Algorithm.Param.RATE).textProperty().get());
        param(vm, Algorithm.Param.RATE).enabledProperty().set(false);
        assertTrue(param(vm, Algorithm.Param.RATE).enabledProperty().get());
    }

    @Test
    void sliderAndTextMoveTogetherOnALogScale() {
        LimiterViewModel vm = new LimiterViewModel();
        ParamViewModel rate = param(vm, Algorithm.Param.RATE);
        rate.textProperty().set("1/s");
        assertEquals(0, rate.sliderProperty().get(), 1e-9);
        rate.textProperty().set("100000/s");
        assertEquals(1, rate.sliderProperty().get(), 1e-9);
        rate.sliderProperty().set(0.5);
        assertEquals("450/s", rate.textProperty().get(), "10^(mid of log10(2)..log10(100001)) - 1 = 447, two digits");
        assertEquals(Rate.perSecond(450), vm.getSpec().rate());
        ParamViewModel burst = param(vm, Algorithm.Param.BURST);
        burst.sliderProperty().set(0);
        assertEquals("0", burst.textProperty().get());
    }

    /** Issue 21: a name that only said the old algorithm follows the new one; a name of the user's own stays. */
    @Test
    void aDefaultNameFollowsTheAlgorithmAndAnOwnNameStays() {
        LimiterViewModel vm = new LimiterViewModel();
        vm.load(new LimiterSpec("token bucket", Algorithm.TOKEN_BUCKET,
                Rate.perSecond(20), 40L, null, null, null, null, null, null, null));
        vm.algorithmProperty().set(Algorithm.FIXED_WINDOW);
        assertEquals("fixed window", vm.nameProperty().get());
        assertEquals("fixed window", vm.getSpec().name());
        vm.nameProperty().set("edge");
        vm.algorithmProperty().set(Algorithm.GCRA);
        assertEquals("edge", vm.nameProperty().get(), "the user's own name");
        assertEquals("sliding window 2", LimiterViewModel.nameAfterSwitch("token bucket 2", Algorithm.TOKEN_BUCKET,
                Algorithm.SLIDING_WINDOW));
        assertEquals("gcra", LimiterViewModel.nameAfterSwitch("token-bucket", Algorithm.TOKEN_BUCKET,
                Algorithm.GCRA));
        assertEquals("", LimiterViewModel.nameAfterSwitch("", Algorithm.TOKEN_BUCKET, Algorithm.GCRA));
    }
}
