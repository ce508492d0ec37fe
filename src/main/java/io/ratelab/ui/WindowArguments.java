package io.ratelab.ui;

import java.nio.file.Path;
import java.util.List;

/**
 * What the window was asked to do at launch ({@code ratelab --open FILE --start}): open a scenario file, start its
 * live run. The command line has checked the file already; this only reads the arguments it handed over.
 *
 * @param open  the scenario file to open, or null for the default scenario
 * @param start whether to start the live run as soon as the window shows
 */
public record WindowArguments(Path open, boolean start) {

    /** Nothing asked: the default scenario, not running. */
    public static final WindowArguments NONE = new WindowArguments(null, false);

    /** Reads {@code --open FILE} (or {@code --open=FILE}) and {@code --start}, in any order. */
    public static WindowArguments parse(List<String> args) {
        Path open = null;
        boolean start = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--start")) {
                start = true;
            } else if (a.equals("--open") && i + 1 < args.size()) {
                open = Path.of(args.get(++i));
            } else if (a.startsWith("--open=")) {
                open = Path.of(a.substring("--open=".length()));
            } else {
                throw new IllegalArgumentException("window argument '" + a + "': expected --open FILE or --start");
            }
        }
        return new WindowArguments(open, start);
    }
}
