package io.ratelab.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

import java.io.InputStream;

/** The workbench window. */
public final class Workbench extends Application {

    static final int[] ICON_SIZES = {16, 32, 48, 64, 128, 256, 512};

    /** Opens the window; returns when it closes. */
    public static void launch(String[] args) {
        Application.launch(Workbench.class, args);
    }

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane(new Label("RateLab workbench"));
        stage.setTitle("RateLab");
        addIcons(stage);
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    static void addIcons(Stage stage) {
        for (int size : ICON_SIZES) {
            InputStream in = Workbench.class.getResourceAsStream("/icons/ratelab-" + size + ".png");
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        }
    }
}
