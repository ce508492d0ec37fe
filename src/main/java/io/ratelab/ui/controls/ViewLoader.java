package io.ratelab.ui.controls;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * Loads a feature's FXML with an already constructed view as its controller, so the view has its view model before
 * FXML calls its {@code initialize()}. The FXML lies next to the view's class: {@code FooView} loads
 * {@code Foo.fxml} from the same package.
 */
public final class ViewLoader {

    private ViewLoader() {
    }

    /** Loads {@code <name>.fxml} for {@code view}, where name is the view's simple class name without "View". */
    public static <T extends Parent> T load(Object view) {
        String simple = view.getClass().getSimpleName();
        String name = (simple.endsWith("View") ? simple.substring(0, simple.length() - 4) : simple) + ".fxml";
        URL url = view.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing FXML " + name + " next to " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(view);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + url, e);
        }
    }
}
