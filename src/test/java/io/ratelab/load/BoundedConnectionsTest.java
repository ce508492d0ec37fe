package io.ratelab.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine-wide bound on open connections, with real sockets on loopback: 50 clients, each on its own source
 * address (so each needs a connection of its own), against a bound of 8. Every request is answered, never more than
 * 8 connections are open, idle ones are closed to make room (least recently used first) and busy ones never.
 */
class BoundedConnectionsTest {

    private static final int CLIENTS = 50;
    private static final int BOUND = 8;

    @Test
    void fiftySourceAddressesThroughEightConnectionsEveryRequestAnswered() throws Exception {
        int rounds = 4;
        try (CountingServer server = new CountingServer()) {
            Listener listener = new Listener(CLIENTS * rounds);
            List<ClientIdentity> clients = ClientIdentity.sourceAddresses(CLIENTS);
            try (HttpEngine e = engine(server, clients, 1, listener)) {
                // round r: every client sends once; all of a round at once, so most wait for a connection
                for (int r = 0; r < rounds; r++) {
                    for (int c = 0; c < CLIENTS; c++) {
                        e.submit(new Attempt(c, clients.get(c), 0, r, r, 0));
                    }
                }
                assertTrue(listener.ended.await(60, TimeUnit.SECONDS), "every request ended");
                ConnectionStats s = e.connectionStats();
                assertEquals(CLIENTS * rounds, listener.answered.get(), "answered");
                assertEquals(0, listener.failed.get(), "failed: " + listener.causes);
                assertEquals(0, listener.dropped.get(), "dropped");
                assertEquals(CLIENTS * rounds, server.received.get(), "the server counted every one");
                for (ClientIdentity c : clients) {
                    assertEquals(rounds, server.byAddress.get(c.key()).get(), c.key() + " sent from its own address");
                }
                assertTrue(server.maxInFlight.get() <= BOUND, "in flight at the server: " + server.maxInFlight);
                assertEquals(BOUND, s.bound());
                assertTrue(s.peakOpen() <= BOUND, "open at once: " + s.peakOpen());
                assertTrue(s.opened() >= CLIENTS, "each address needed its own connection: " + s.opened());
                assertEquals(s.opened() - BOUND, s.closedIdle(),
                        "all but the last 8 were closed idle to make room (none failed): " + s);
                assertTrue(server.connectionsUsed.size() >= CLIENTS);
            }
        }
    }

    @Test
    void aBusyConnectionIsNeverClosedTheOthersWait() throws Exception {
        // answers take 100 ms: all 8 connections are busy while the other 42 clients' requests wait, none fails
        try (CountingServer server = new CountingServer().delay(n -> 100)) {
            Listener listener = new Listener(CLIENTS);
            List<ClientIdentity> clients = ClientIdentity.sourceAddresses(CLIENTS);
            try (HttpEngine e = engine(server, clients, 2, listener)) {
                for (int c = 0; c < CLIENTS; c++) {
                    e.submit(new Attempt(c, clients.get(c), 0, 0, 0, 0));
                }
                assertTrue(listener.ended.await(60, TimeUnit.SECONDS), "every request ended");
                ConnectionStats s = e.connectionStats();
                assertEquals(CLIENTS, listener.answered.get(), "failed: " + listener.causes);
                assertEquals(CLIENTS, server.received.get());
                assertTrue(server.maxInFlight.get() <= BOUND, "in flight at the server: " + server.maxInFlight);
                assertTrue(s.peakOpen() <= BOUND, "open at once over both IO threads: " + s.peakOpen());
                assertEquals(CLIENTS, s.opened(), "one connection per address, each opened once");
                assertEquals(CLIENTS - BOUND, s.closedIdle(), "each closed once its answer was in, for a waiting one");
            }
        }
    }

    @Test
    void closedConnectionsAreClosedAtTheServerToo() throws Exception {
        try (CountingServer server = new CountingServer()) {
            Listener listener = new Listener(CLIENTS);
            List<ClientIdentity> clients = ClientIdentity.sourceAddresses(CLIENTS);
            try (HttpEngine e = engine(server, clients, 1, listener)) {
                for (int c = 0; c < CLIENTS; c++) {
                    e.submit(new Attempt(c, clients.get(c), 0, 0, 0, 0));
                }
                assertTrue(listener.ended.await(60, TimeUnit.SECONDS));
                // the server hears of each close a little later; it ends with the 8 the engine still holds
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (server.openConnections() > BOUND && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertEquals(BOUND, server.openConnections(), "connections the server still holds open");
            }
        }
    }

    @Test
    void aGeneratorHeldAtItsBoundEndsEveryRequestAndSaysSoWhenItFallsShort() throws Exception {
        // 50 clients on their own addresses at 200 requests a second in all, answers taking 100 ms: about 20 in flight
        // are needed, the bound allows 8, so requests wait for a connection and leave late, none fails
        try (CountingServer server = new CountingServer().delay(n -> 100)) {
            LoadOptions options = LoadOptions.defaults().withDrainTimeoutNanos(30_000_000_000L)
                    .withOpenBound(new ConnectionBound(20_000, 100, 4_000, 1, BOUND, "a test"));
            LoadResult r = new OpenLoopGenerator(HttpTarget.parse(server.url()),
                    OpenLoopGeneratorTest.constant(200, 1_000_000_000L, CLIENTS), ClientKeys.sourceAddress(), options)
                    .run();
            assertEquals(0, r.unfinished());
            assertEquals(r.sent(), server.received.get(), "every send reached the server");
            assertEquals(r.sent(), r.metrics().total(io.ratelab.metrics.CountedColumn.STATUS_200), "and was answered");
            assertTrue(server.maxInFlight.get() <= BOUND, "in flight at the server: " + server.maxInFlight);
            assertTrue(r.connections().peakOpen() <= BOUND, "open at once: " + r.connections());
            assertTrue(r.shortfall(), "20 needed, 8 allowed: " + r.warnings());
            assertTrue(r.warnings().get(0).contains("the 8 connections the generator may hold open at once"),
                    r.warnings().get(0));
        }
    }

    private static HttpEngine engine(CountingServer server, List<ClientIdentity> clients, int ioThreads,
                                     AttemptListener listener) throws IOException {
        // a keep-alive budget of one per address (as the CLI's 256 split over 50 000 addresses gives)
        return new HttpEngine(List.of(HttpTarget.parse(server.url())), List.of(new Route("GET", "/hello")), clients,
                ioThreads, CLIENTS, BOUND, 10_000, listener, System::nanoTime);
    }

    private static final class Listener implements AttemptListener {
        final CountDownLatch ended;
        final AtomicLong answered = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final Map<String, Integer> causes = new ConcurrentHashMap<>();

        Listener(int attempts) {
            ended = new CountDownLatch(attempts);
        }

        @Override
        public void sent(Attempt attempt, long sendNanos) {
        }

        @Override
        public void answered(Attempt attempt, int status, String retryAfter, long endNanos) {
            if (status == 200) {
                answered.incrementAndGet();
            }
            ended.countDown();
        }

        @Override
        public void failed(Attempt attempt, IOException cause, long endNanos) {
            failed.incrementAndGet();
            causes.merge(String.valueOf(cause), 1, Integer::sum);
            ended.countDown();
        }

        @Override
        public void dropped(Attempt attempt) {
            dropped.incrementAndGet();
            ended.countDown();
        }
    }

}
