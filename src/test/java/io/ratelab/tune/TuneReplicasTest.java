package io.ratelab.tune;

import io.ratelab.scenario.Scenario;
import io.ratelab.scenario.TuneSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** N local replicas: per-replica candidates with and without the imbalance margin, and the margin stated in the why. */
class TuneReplicasTest {

    private static final Path DIR = Path.of("simulations");
    private static final Scenario API = Scenario.read(DIR.resolve("tune-api.yaml"));

    private static TuneResult tune(int replicas) {
        TuneSpec o = new TuneSpec(new TuneSpec.Spare(0.9, TuneSpec.Spare.CLIENTS), null, null, null, 1, replicas);
        return Tuner.tune(API, DIR, new Tuner.Options(Target.RATELAB, List.of(), null, null, o), null, null);
    }

    @Test
    void localReplicasStateTheMarginTheRecommendationCarries() {
        TuneResult r = tune(3);
        assertNull(r.unmeetable());
        assertTrue(r.candidates().stream().anyMatch(c -> c.replicaMargin() == 1));
        assertTrue(r.candidates().stream().anyMatch(c -> c.replicaMargin() == Candidates.IMBALANCE_MARGIN));
        TuneResult.Candidate rec = r.candidates().stream()
                .filter(c -> c.spec().withName("tuned").equals(r.recommended().spec())).findFirst().orElseThrow();
        String why = r.recommended().why();
        String margin = rec.replicaMargin() == 1 ? "1" : String.valueOf(rec.replicaMargin());
        assertTrue(why.contains("each of the 3 replicas' own limit"), why);
        assertTrue(why.contains("a margin of " + margin + " and divided by 3"), why);
    }

    @Test
    void oneReplicaSaysNothingOfReplicas() {
        TuneResult r = tune(1);
        assertFalse(r.recommended().why().contains("replica"), r.recommended().why());
        assertTrue(r.candidates().stream().allMatch(c -> c.replicaMargin() == 1));
    }
}
