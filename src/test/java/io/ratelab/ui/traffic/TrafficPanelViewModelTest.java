package io.ratelab.ui.traffic;

import io.ratelab.limit.Rate;
import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.KeyRule;
import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.scenario.TrafficSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The traffic panel's logic, through the scenario model's strict reader, without the FX toolkit. */
class TrafficPanelViewModelTest {

    private static FieldViewModel field(List<FieldViewModel> fields, String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void aNewPanelHoldsOneValidGroup() {
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        TrafficPanelViewModel.Parts p = vm.build();
        assertEquals(Duration.ofSeconds(60), p.duration());
        assertEquals(KeyRule.IP, p.key());
        assertEquals(1, p.traffic().size());
        assertEquals(Rate.perSecond(5), p.traffic().get(0).arrival().rate());
        assertEquals(50, vm.nominalRate(), 1e-9, "10 clients at 5/s");
        assertEquals(ServiceTimeSpec.Distribution.LOGNORMAL, p.upstream().serviceTime().distribution());
        assertNull(p.externalTarget());
    }

    @Test
    void switchingTheProcessShowsItsKeysAndKeepsTheRate() {
        TrafficGroupViewModel g = new TrafficPanelViewModel().groups().get(0);
        g.processProperty().set(ArrivalSpec.Process.RAMP);
        assertEquals(List.of("rate", "from", "over", "spacing"), g.arrivalFields().stream().map(FieldViewModel::key)
                .toList());
        assertTrue(field(g.arrivalFields(), "over").isRequired());
        assertEquals("5/s", field(g.arrivalFields(), "rate").textProperty().get());
        TrafficSpec s = g.specProperty().get();
        assertEquals(ArrivalSpec.Process.RAMP, s.arrival().process());
        assertEquals(Duration.ofSeconds(30), s.arrival().over());
        assertNull(s.arrival().from(), "optional keys are off until enabled");
    }

    @Test
    void badValuesSayWhatIsWrongAndKeepTheLastGoodSpec() {
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        TrafficGroupViewModel g = vm.groups().get(0);
        TrafficSpec before = g.specProperty().get();
        field(g.arrivalFields(), "rate").textProperty().set("lots");
        assertTrue(g.errorProperty().get().contains("'lots' is not a rate"), g.errorProperty().get());
        assertEquals(before, g.specProperty().get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, vm::build);
        assertTrue(e.getMessage().startsWith("traffic 'clients': "), e.getMessage());
        field(g.arrivalFields(), "rate").textProperty().set("7/s");
        g.clientsProperty().set("0");
        assertTrue(g.errorProperty().get().contains("clients"), g.errorProperty().get());
        g.clientsProperty().set("3");
        assertEquals(21, vm.nominalRate(), 1e-9);
        vm.durationProperty().set("soon");
        assertTrue(assertThrows(IllegalArgumentException.class, vm::build).getMessage().startsWith("duration: "));
    }

    @Test
    void retryPoliciesBringTheirKeys() {
        TrafficGroupViewModel g = new TrafficPanelViewModel().groups().get(0);
        g.retryPolicyProperty().set("backoff");
        assertEquals(List.of("maxAttempts", "base", "max", "jitter"),
                g.retryFields().stream().map(FieldViewModel::key).toList());
        FieldViewModel base = field(g.retryFields(), "base");
        base.enabledProperty().set(true);
        base.textProperty().set("250ms");
        assertEquals("backoff", g.specProperty().get().retry().policy());
        assertEquals(Duration.ofMillis(250), g.specProperty().get().retry().base());
    }

    @Test
    void addAndRemoveGroupsKeepNamesDistinctAndOneGroupAlways() {
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        TrafficGroupViewModel second = vm.addGroup();
        assertEquals("clients 2", second.nameProperty().get());
        assertEquals(2, vm.build().traffic().size());
        vm.removeGroup(second);
        vm.removeGroup(vm.groups().get(0));
        assertEquals(1, vm.groups().size());
    }

    @Test
    void loadShowsAScenariosTraffic() {
        TrafficPanelViewModel vm = new TrafficPanelViewModel();
        TrafficSpec greedy = new TrafficSpec("greedy", 1, null, null, new ArrivalSpec(ArrivalSpec.Process.CONSTANT,
                Rate.perSecond(200), null, null, null, null, null, null, null, null, null, null, null), null);
        vm.load(Duration.ofMinutes(2), KeyRule.header("X-Api-Key"), List.of(greedy), null);
        TrafficPanelViewModel.Parts p = vm.build();
        assertEquals(List.of(greedy), p.traffic());
        assertEquals("header:x-api-key", vm.keyProperty().get().toLowerCase(java.util.Locale.ROOT));
        assertNull(p.upstream());
        vm.externalProperty().set(true);
        vm.externalUrlProperty().set("ftp://nope");
        assertThrows(IllegalArgumentException.class, vm::build);
    }
}
