package io.ratelab.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-client counts in {@link RunMetrics}: what is counted, how it is ranked, and the fairness over it. */
class ClientCountsTest {

    private static final long MS = 1_000_000L;

    /** Groups "a" (3 clients) and "b" (2), labelled {@code a#0}..; coarse interval = 2 fine samples. */
    private static RunMetrics metrics() {
        return new RunMetrics(List.of("a", "b"), ClientRoster.of(new int[]{3, 2}, (g, c) -> "ab".charAt(g) + "#" + c),
                0, 2);
    }

    private static void requests(RunMetrics m, int group, int client, int admitted, int rejected) {
        for (int i = 0; i < admitted + rejected; i++) {
            m.countClientOffered(group, client);
            m.countClientAnswer(group, client, i < admitted ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429);
        }
    }

    @Test
    void countsOfferedAdmittedAndRejectedPerClientAndRanksByOffered() {
        RunMetrics m = metrics();
        requests(m, 0, 0, 4, 0);
        requests(m, 0, 2, 1, 9);
        requests(m, 1, 1, 3, 1);
        m.countClientOffered(1, 0);
        m.countClientAnswer(1, 0, CountedColumn.STATUS_2XX);
        m.countClientAnswer(1, 0, CountedColumn.STATUS_5XX);
        m.countClientAnswer(1, 0, CountedColumn.CONNECTION_ERROR);
        // a retry's 429: rejected counts every attempt, offered only first attempts
        m.countClientAnswer(0, 2, CountedColumn.STATUS_429);
        m.sample(100 * MS);
        ClientStats s = m.sample(200 * MS).clients();

        assertEquals(5, s.clients());
        assertEquals(4, s.active(), "client a#1 sent nothing");
        assertEquals(List.of(
                new ClientStats.ClientCount("a#2", "a", 10, 1, 10),
                new ClientStats.ClientCount("a#0", "a", 4, 4, 0),
                new ClientStats.ClientCount("b#1", "b", 4, 3, 1),
                new ClientStats.ClientCount("b#0", "b", 1, 1, 0)), s.busiest(),
                "offered, most first; a tie goes to group order");
        assertEquals(0.1, s.busiest().get(0).admittedShare(), 1e-12);
    }

    @Test
    void ranksTheLeastServedByAdmittedShareAmongClientsWithEnoughRequests() {
        RunMetrics m = metrics();
        requests(m, 0, 0, 40, 0);     // busiest, all through
        requests(m, 0, 1, 1, 4);      // 5 offered, 20%: ranked
        requests(m, 0, 2, 0, 4);      // 4 offered, none through: too few to rank
        requests(m, 1, 0, 2, 8);      // 10 offered, 20%: ties with a#1 and comes first (more offered)
        requests(m, 1, 1, 3, 3);      // 6 offered, 50%
        m.sample(100 * MS);
        ClientStats s = m.sample(200 * MS).clients();

        assertEquals(List.of("b#0", "a#1", "b#1", "a#0"), s.leastServed().stream().map(ClientStats.ClientCount::key)
                .toList(), "lowest admitted share first; clients under " + ClientStats.LEAST_SERVED_MIN_OFFERED
                + " offered left out");
        assertEquals(List.of("a#0", "b#0", "b#1", "a#1", "a#2"), s.busiest().stream()
                .map(ClientStats.ClientCount::key).toList(), "the busiest still count every client");
    }

    @Test
    void theLeastServedKeepsOnlyTheWorstWhenThereAreMoreClientsThanItShows() {
        int n = 3 * RunMetrics.TOP_CLIENTS;
        RunMetrics m = new RunMetrics(List.of("g"), ClientRoster.of(new int[]{n}, (g, c) -> "c" + c), 0, 1);
        for (int c = 0; c < n; c++) {
            requests(m, 0, c, c % 50, 50 - c % 50);   // share (c mod 50) / 50
        }
        List<ClientStats.ClientCount> worst = m.finish(MS).clients().leastServed();
        assertEquals(RunMetrics.TOP_CLIENTS, worst.size());
        assertEquals(0.0, worst.get(0).admittedShare());
        for (int i = 1; i < worst.size(); i++) {
            assertTrue(worst.get(i - 1).admittedShare() <= worst.get(i).admittedShare(), "ascending at " + i);
        }
        // 6 clients per share value (300 clients, 50 values): the 100 worst are shares 0/50 .. 16/50, the last 4 of 16
        assertEquals(16 / 50.0, worst.get(worst.size() - 1).admittedShare(), 1e-12);
        assertEquals("c0", worst.get(0).key(), "ties in roster order");
    }

    @Test
    void fairnessIsJainsIndexOfAdmittedSharesPerGroupAndOverall() {
        RunMetrics m = metrics();
        requests(m, 0, 0, 10, 0);   // share 1
        requests(m, 0, 1, 5, 5);    // share 0.5
        requests(m, 0, 2, 0, 4);    // share 0
        requests(m, 1, 0, 2, 2);    // share 0.5
        requests(m, 1, 1, 50, 50);  // share 0.5
        ClientStats s = m.finish(50 * MS).clients();

        // a: (1 + 0.5 + 0)² / (3 · (1 + 0.25 + 0)) = 2.25 / 3.75 = 0.6
        assertEquals(new ClientStats.Fairness(3, 0.6), rounded(s.groups().get(0)));
        // b: equal shares
        assertEquals(new ClientStats.Fairness(2, 1.0), rounded(s.groups().get(1)));
        // all: (1 + 0.5 + 0 + 0.5 + 0.5)² / (5 · (1 + 0.25 + 0.25 + 0.25)) = 6.25 / 8.75
        assertEquals(6.25 / 8.75, s.overall().index(), 1e-12);
        assertEquals(5, s.overall().clients());
    }

    private static ClientStats.Fairness rounded(ClientStats.Fairness f) {
        return new ClientStats.Fairness(f.clients(), Math.round(f.index() * 1e12) / 1e12);
    }

    @Test
    void aGroupWithoutRequestsHasNoFairnessYet() {
        RunMetrics m = metrics();
        requests(m, 0, 0, 1, 0);
        ClientStats s = m.finish(MS).clients();
        assertEquals(ClientStats.Fairness.NONE, s.groups().get(1));
        assertTrue(Double.isNaN(s.groups().get(1).index()));
    }

    @Test
    void clientNumbersAreRankedOncePerCoarseIntervalAndAtTheEnd() {
        RunMetrics m = metrics();
        requests(m, 0, 0, 1, 0);
        MetricsSnapshot fine = m.sample(100 * MS);
        assertTrue(fine.clients().busiest().isEmpty(), "the coarse interval is still open");
        MetricsSnapshot coarse = m.sample(200 * MS);
        assertEquals(1, coarse.clients().busiest().size());
        requests(m, 1, 1, 1, 0);
        assertSame(coarse.clients(), m.sample(300 * MS).clients(), "unchanged until the next coarse interval");
        assertEquals(2, m.finish(350 * MS).clients().busiest().size(), "the final snapshot is up to date");
    }

    @Test
    void keepsTheBusiestHundred() {
        int n = RunMetrics.TOP_CLIENTS + 50;
        RunMetrics m = new RunMetrics(List.of("many"), ClientRoster.of(new int[]{n}, (g, c) -> "c" + c), 0, 1);
        for (int c = 0; c < n; c++) {
            // client c offers c + 1 requests, so the busiest are the last hundred, in reverse
            requests(m, 0, c, c + 1, 0);
        }
        List<ClientStats.ClientCount> top = m.finish(MS).clients().busiest();
        assertEquals(RunMetrics.TOP_CLIENTS, top.size());
        assertEquals("c" + (n - 1), top.get(0).key());
        assertEquals("c" + (n - RunMetrics.TOP_CLIENTS), top.get(top.size() - 1).key());
    }

    @Test
    void concurrentWritersLoseNoCount() throws Exception {
        RunMetrics m = new RunMetrics(List.of("g"), ClientRoster.of(new int[]{4}, (g, c) -> "c" + c), 0, 1);
        int threads = 4;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    m.countClientOffered(0, i % 4);
                    m.countClientAnswer(0, i % 4, i / 4 % 2 == 0 ? CountedColumn.STATUS_200 : CountedColumn.STATUS_429);
                }
            });
            w.start();
            writers.add(w);
        }
        go.countDown();
        while (writers.stream().anyMatch(Thread::isAlive)) {
            // the reader ranks while the writers write; every snapshot keeps admitted within offered
            m.sample(MS).clients().busiest().forEach(c -> assertTrue(c.admitted() <= c.offered(), c::toString));
        }
        for (Thread w : writers) {
            w.join();
        }
        for (ClientStats.ClientCount c : m.finish(2 * MS).clients().busiest()) {
            assertEquals(threads * each / 4, c.offered(), c.key());
            assertEquals(threads * each / 8, c.admitted(), c.key());
            assertEquals(threads * each / 8, c.rejected(), c.key());
        }
    }

    @Test
    void aClientOutsideTheRosterIsRefusedAndRostersMatchTheGroups() {
        RunMetrics m = metrics();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.countClientOffered(0, 3));
        assertTrue(e.getMessage().contains("client 3 of group 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunMetrics(List.of("a"),
                ClientRoster.of(new int[]{1, 1}, (g, c) -> "x"), 0, 1));
        assertEquals(0, new RunMetrics(List.of("a"), 0, 1).snapshot().clients().clients(), "no roster, no clients");
    }

    @Test
    void emptyGroupsInTheRosterDoNotShiftTheOthers() {
        RunMetrics m = new RunMetrics(List.of("x", "empty", "y"),
                ClientRoster.of(new int[]{1, 0, 2}, (g, c) -> g + "/" + c), 0, 1);
        requests(m, 2, 0, 1, 0);
        requests(m, 0, 0, 2, 0);
        assertEquals(List.of("0/0", "2/0"), m.finish(MS).clients().busiest().stream()
                .map(ClientStats.ClientCount::key).toList());
    }

    @Test
    void jainIndexOfKnownAllocations() {
        assertEquals(36.0 / 42.0, JainIndex.of(1, 2, 3), 1e-12);
        assertEquals(0.25, JainIndex.of(0, 0, 7, 0), 1e-12);
        assertEquals(1.0, JainIndex.of());
        assertThrows(IllegalArgumentException.class, () -> JainIndex.of(1, Double.NaN));
    }
}
