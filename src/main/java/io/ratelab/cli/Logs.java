package io.ratelab.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Logging for the headless commands: one line per record on stderr, library start-up chatter hidden. */
final class Logs {

    /** Held so the configured levels are not lost to garbage collection. */
    private static final Logger[] QUIET = {Logger.getLogger("org.xnio"), Logger.getLogger("org.jboss"),
            Logger.getLogger("io.undertow")};

    private Logs() {
    }

    static void quietLibraries() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        for (Logger l : QUIET) {
            l.setLevel(Level.WARNING);
        }
    }
}
