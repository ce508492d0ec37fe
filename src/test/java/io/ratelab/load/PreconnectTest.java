package io.ratelab.load;

import io.ratelab.metrics.CountedColumn;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections are opened before the run clock starts, with TCP only: no request reaches the target. */
class PreconnectTest {

    private static final long SECOND = 1_000_000_000L;

    private static List<Attempt> attempts(int n) {
        List<Attempt> first = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            first.add(new Attempt(i, ClientIdentity.anonymous().get(0), 0, 0, 0, 0));
        }
        return first;
    }

    private static HttpEngine engine(String url, int connections, AttemptListener listener) throws IOException {
        return new HttpEngine(HttpTarget.parse(url), List.of(new Route("GET", "/hello")), ClientIdentity.anonymous(),
                1, connections, 1000, listener, System::nanoTime);
    }

    @Test
    void opensConnectionsWithoutSendingARequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            HttpEngine e = engine("http://127.0.0.1:" + server.getLocalPort() + "/hello", 64, new Recording());
            List<Socket> accepted = new ArrayList<>();
            try {
                assertEquals(5, e.preconnect(attempts(5), 5 * SECOND));
                server.setSoTimeout(10_000);
                for (int i = 0; i < 5; i++) {
                    accepted.add(server.accept());
                }
            } finally {
                e.close();
            }
            for (Socket s : accepted) {
                s.setSoTimeout(10_000);
                // the engine closed its side: end of stream, and not a byte before it
                assertEquals(-1, s.getInputStream().read(), "a pre-opened connection carried no request");
                s.close();
            }
        }
    }

    @Test
    void theFirstRequestsFindTheirConnectionsOpenAndTheBudgetIsKept() throws Exception {
        // answers wait half a second, so the three requests are in flight together and each needs its own connection
        // (an instant answer could free a connection for the third request, and the test would see two)
        try (CountingServer server = new CountingServer().delay(n -> 500)) {
            Recording listener = new Recording();
            try (HttpEngine e = engine(server.url(), 3, listener)) {
                assertEquals(3, e.preconnect(attempts(8), 5 * SECOND), "no more than the pool's 3 connections");
                assertEquals(0, server.received.get(), "connecting sent nothing");

                // three at once take the three idle connections; a pool without them would open new ones now
                for (Attempt a : attempts(3)) {
                    e.submit(a);
                }
                assertTrue(listener.answered.await(10, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(3, server.received.get());
                assertEquals(3, server.connectionsUsed.size());
                assertEquals(3, server.openConnections(), "the requests used the pre-opened connections, no more");
            }
        }
    }

    @Test
    void aDeadTargetStillFailsEveryRequestAsAConnectionError() throws Exception {
        String url;
        try (CountingServer server = new CountingServer()) {
            url = server.url();
        }
        try (HttpEngine e = engine(url, 64, new Recording())) {
            assertEquals(0, e.preconnect(attempts(5), 60 * SECOND), "refused connects end the wait, none opens");
        }
        LoadResult r = new OpenLoopGenerator(HttpTarget.parse(url), OpenLoopGeneratorTest.constant(50, SECOND / 5, 1),
                ClientKeys.none(), LoadOptions.defaults()).warmUp(SECOND / 5).run();
        assertEquals(10, r.metrics().total(CountedColumn.CONNECTION_ERROR));
        assertEquals(10, r.sent());
        assertEquals(0, r.metrics().total(CountedColumn.STATUS_200));
    }

    private static final class Recording implements AttemptListener {
        final java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(3);

        @Override
        public void sent(Attempt attempt, long sendNanos) {
        }

        @Override
        public void answered(Attempt attempt, int status, String retryAfter, long endNanos) {
            answered.countDown();
        }

        @Override
        public void failed(Attempt attempt, IOException cause, long endNanos) {
        }

        @Override
        public void dropped(Attempt attempt) {
        }
    }
}
