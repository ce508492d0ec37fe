package io.ratelab.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing requirement skips locally and fails under CI, naming it; binaries are looked up on PATH. */
class NeedsTest {

    @Test
    void missingSkipsLocallyWithTheReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> Needs.missing("nginx is not on PATH (Debian package nginx), needed for nginx -t", false));
        assertTrue(e.getMessage().endsWith("nginx is not on PATH (Debian package nginx), needed for nginx -t"
                + " — skipped"), e.getMessage());
    }

    @Test
    void missingFailsUnderCiNamingWhatIsMissing() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Needs.missing("nginx is not on PATH (Debian package nginx), needed for nginx -t", true));
        assertTrue(e.getMessage().startsWith("CI=true and nginx is not on PATH (Debian package nginx), needed for"
                + " nginx -t"), e.getMessage());
    }

    @Test
    void findsTheFirstExecutableOnPathAndIgnoresPlainFiles(@TempDir Path dir) throws Exception {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(plain.resolve("engine"), "not executable");
        Path engine = Files.writeString(bin.resolve("engine"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = String.join(File.pathSeparator, "", plain.toString(), bin.toString());
        assertEquals(engine, Needs.onPath("engine", path));
        assertNull(Needs.onPath("engine", plain.toString()));
        assertNull(Needs.onPath("engine", null));
    }
}
