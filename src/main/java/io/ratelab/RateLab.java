package io.ratelab;

import io.ratelab.cli.RateLabCommand;
import io.ratelab.ui.Workbench;

/**
 * The program's entry point: no arguments opens the workbench window, anything else is a command line (which opens
 * the window too for {@code --open FILE} and {@code --start}).
 * It lives above {@code cli} and {@code ui} so that neither depends on the other.
 */
public final class RateLab {

    private RateLab() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Workbench.launch(args);
            return;
        }
        System.exit(RateLabCommand.execute(window -> Workbench.launch(window.toArray(String[]::new)), args));
    }
}
