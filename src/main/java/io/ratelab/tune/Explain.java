package io.ratelab.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which keys the recommendation rejects: the {@value #TOP} rejected most, with how much, and, when the scenario
 * already has a limiter of the same algorithm, the keys each of the two rejects that the other admits in full.
 */
final class Explain {

    static final int TOP = 20;

    private Explain() {
    }

    static TuneResult.Explanation of(TuneData data, Scores.Checked rec, String currentName, Scores.Checked current) {
        long[] sent = rec.sentPerKey();
        long[] rej = rec.rejectedPerKey();
        List<TuneResult.KeyRejection> top = IntStream.range(0, data.keys()).filter(k -> rej[k] > 0).boxed()
                .sorted(Comparator.comparingLong((Integer k) -> -rej[k]).thenComparing(data::keyName))
                .limit(TOP)
                .map(k -> new TuneResult.KeyRejection(data.keyName(k), data.legitimate(k), sent[k], rej[k],
                        Scores.round((double) rej[k] / sent[k], 4)))
                .toList();
        if (current == null) {
            return new TuneResult.Explanation(top, null, List.of(), List.of(), 0, 0);
        }
        long[] cur = current.rejectedPerKey();
        List<String> newly = new ArrayList<>();
        List<String> freed = new ArrayList<>();
        long newlyCount = 0;
        long freedCount = 0;
        for (int k = 0; k < data.keys(); k++) {
            if (rej[k] > 0 && cur[k] == 0) {
                newlyCount++;
                if (newly.size() < TOP) {
                    newly.add(data.keyName(k));
                }
            } else if (rej[k] == 0 && cur[k] > 0) {
                freedCount++;
                if (freed.size() < TOP) {
                    freed.add(data.keyName(k));
                }
            }
        }
        return new TuneResult.Explanation(top, currentName, newly, freed, newlyCount, freedCount);
    }
}
