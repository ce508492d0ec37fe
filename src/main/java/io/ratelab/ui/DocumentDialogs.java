package io.ratelab.ui;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The File menu's side of the window: the scenario file choosers, the Save / Discard / Cancel question before the
 * open scenario is left, the "cannot open" error, and the Open Recent menu. Paths go to the {@link DocumentViewModel}.
 * FX thread only.
 */
final class DocumentDialogs {

    private final DocumentViewModel document;
    private final Supplier<Window> window;
    /** Asks which scenario file to open (null: none); tests replace it (a native chooser cannot be driven). */
    private Supplier<Path> scenarioToOpen = this::chooseScenarioToOpen;

    DocumentDialogs(DocumentViewModel document, Supplier<Window> window) {
        this.document = document;
        this.window = window;
    }

    /** Keeps {@code menu} listing the recent files, newest first; each opens its file after the question. */
    void keepRecentMenu(Menu menu) {
        document.recentFiles().addListener((ListChangeListener<Path>) c -> buildRecentMenu(menu));
        buildRecentMenu(menu);
    }

    private void buildRecentMenu(Menu menu) {
        menu.getItems().clear();
        for (Path p : document.recentFiles()) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> {
                if (mayLeave("opening " + p.getFileName())) {
                    openFile(p);
                }
            });
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
    }

    /** File > Open: asks about unsaved changes, then for a file. */
    void open() {
        if (!mayLeave("opening another scenario")) {
            return;
        }
        Path p = scenarioToOpen.get();
        if (p != null) {
            openFile(p);
        }
    }

    private Path chooseScenarioToOpen() {
        File f = scenarioChooser("Open a scenario").showOpenDialog(window.get());
        return f == null ? null : f.toPath();
    }

    /** Replaces the Open dialog's file chooser (tests). */
    void chooseScenarioWith(Supplier<Path> chooser) {
        scenarioToOpen = chooser;
    }

    /** File > New: asks about unsaved changes, then shows the built-in scenario. */
    void newScenario() {
        if (mayLeave("starting a new scenario")) {
            document.newScenario();
        }
    }

    /**
     * Before the open scenario is left (quit, window close, open, new, a recent file): when it has unsaved changes,
     * asks Save / Discard / Cancel.
     *
     * @param leaving what the user is about to do, for the question ("quitting", "opening another scenario")
     * @return true to go on (nothing unsaved, saved, or discarded); false to stay (cancelled, or the save failed)
     */
    boolean mayLeave(String leaving) {
        if (!document.isModified()) {
            return true;
        }
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Path file = document.file();
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, (file == null
                ? "This scenario has never been saved."
                : "The changes since it was last saved are not in " + file.getFileName() + ".")
                + " Save discards nothing; Discard loses the changes; Cancel goes back to the scenario.",
                save, discard, cancel);
        a.setTitle("Unsaved changes");
        a.setHeaderText("Save the changes to '" + document.scenarioNameProperty().get() + "' before " + leaving + "?");
        a.initOwner(window.get());
        a.getDialogPane().setMinWidth(520);
        ButtonType answer = a.showAndWait().orElse(cancel);
        if (answer == discard) {
            return true;
        }
        return answer == save && saveNow();
    }

    /** Saves to the scenario's file, or asks for one; false when cancelled or not written. */
    private boolean saveNow() {
        if (document.file() != null) {
            return document.saveAs(document.file());
        }
        File f = saveChooser().showSaveDialog(window.get());
        return f != null && document.saveAs(f.toPath());
    }

    /** The window's close button: asks first when there are unsaved changes, and stays open on Cancel. */
    void onCloseRequest(WindowEvent e) {
        if (!mayLeave("closing the window")) {
            e.consume();
        }
    }

    private void openFile(Path p) {
        String problem = document.open(p);
        if (problem != null) {
            Alert a = new Alert(Alert.AlertType.ERROR, problem);
            a.setTitle("Cannot open the scenario");
            a.setHeaderText("Cannot open " + p.getFileName());
            a.initOwner(window.get());
            a.getDialogPane().setMinWidth(560);
            a.show();
        }
    }

    /** File > Save: to the scenario's file, or as a new one. */
    void save() {
        if (!document.save()) {
            saveAs();
        }
    }

    /** File > Save As. */
    void saveAs() {
        File f = saveChooser().showSaveDialog(window.get());
        if (f != null) {
            document.saveAs(f.toPath());
        }
    }

    private FileChooser saveChooser() {
        FileChooser chooser = scenarioChooser("Save the scenario");
        chooser.setInitialFileName(document.scenarioNameProperty().get().replaceAll(" \\(.*\\)$", "")
                .replaceAll("[^A-Za-z0-9._-]+", "-") + ".yaml");
        return chooser;
    }

    private FileChooser scenarioChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().setAll(
                new FileChooser.ExtensionFilter("Scenarios (YAML, JSON)", "*.yaml", "*.yml", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File dir = document.chooserDirectory().toFile();
        if (dir.isDirectory()) {
            chooser.setInitialDirectory(dir);
        }
        return chooser;
    }
}
