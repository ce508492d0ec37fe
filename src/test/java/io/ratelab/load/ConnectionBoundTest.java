package io.ratelab.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bound on the generator's open connections, from the file limit. */
class ConnectionBoundTest {

    @Test
    void whatTheFileLimitLeavesAfterTheOpenDescriptorsAndTheReserveOverTheDescriptorsPerConnection() {
        // this machine: a file limit of 20 000; a reserve of a fifth
        assertEquals(5_283, ConnectionBound.of(20_000, 150, 3).connections(), "(20000 - 150 - 4000) / 3, in-process");
        assertEquals(15_850, ConnectionBound.of(20_000, 150, 1).connections(), "(20000 - 150 - 4000) / 1, remote");
        assertEquals(4_000, ConnectionBound.of(20_000, 150, 3).reserveFds());
        // a small limit keeps a reserve of at least 64 and a bound of at least one
        assertEquals(1024 - 100 - 204, ConnectionBound.of(1024, 100, 1).connections());
        assertEquals(64, ConnectionBound.of(256, 10, 1).reserveFds());
        assertEquals(1, ConnectionBound.of(100, 90, 3).connections());
    }

    @Test
    void thisProcessHasAFileLimitAndTheBoundFitsUnderIt() {
        ConnectionBound remote = ConnectionBound.forRemoteTarget();
        ConnectionBound local = ConnectionBound.forTargetInProcess();
        assertTrue(remote.connections() >= 1 && local.connections() >= 1);
        if (remote.maxFds() != Long.MAX_VALUE) {
            assertTrue(remote.openFds() > 0, "a running JVM has descriptors open");
            assertTrue(remote.openFds() + remote.reserveFds() + remote.connections() <= remote.maxFds());
            assertTrue(local.openFds() + local.reserveFds() + 3L * local.connections() <= local.maxFds());
        }
    }

    @Test
    void aLowerCapSaysWhy() {
        ConnectionBound b = ConnectionBound.of(20_000, 150, 3);
        assertSame(b, b.atMost(9_000, "the proxy's clients.maxConnections"), "9000 is above 5283: unchanged");
        assertNull(b.lowerBound());
        ConnectionBound low = b.atMost(5_000, "the proxy's clients.maxConnections");
        assertEquals(5_000, low.connections());
        assertEquals("5000 (file limit 20000, 150 open, 4000 reserved, 3 per connection; lowered for the proxy's"
                + " clients.maxConnections)", low.describe());
        assertThrows(IllegalArgumentException.class, () -> ConnectionBound.of(20_000, 150, 2));
    }
}
