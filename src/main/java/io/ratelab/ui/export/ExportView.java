package io.ratelab.ui.export;

import io.ratelab.export.ExportFormat;
import io.ratelab.export.K8sSidecar;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;

/**
 * The export dialog's content: format and addresses, the preview, the exporter's notes, copy and save. Binds to
 * {@link ExportViewModel} in {@link #initialize()}.
 */
public final class ExportView {

    private final ExportViewModel vm;
    private final Runnable close;

    @FXML private ComboBox<ExportFormat> formatPicker;
    @FXML private Label formatDescription;
    @FXML private TextField listenField;
    @FXML private TextField upstreamField;
    @FXML private CheckBox snippetToggle;
    @FXML private CheckBox shadowToggle;
    @FXML private ComboBox<K8sSidecar> sidecarPicker;
    @FXML private TextField deploymentField;
    @FXML private TextArea preview;
    @FXML private Label notes;
    @FXML private Label error;
    @FXML private Label busy;
    @FXML private Label savedMessage;
    @FXML private Button copyButton;
    @FXML private Button saveButton;
    @FXML private Button closeButton;

    public ExportView(ExportViewModel vm, Runnable close) {
        this.vm = vm;
        this.close = close;
    }

    @FXML
    private void initialize() {
        formatPicker.getItems().setAll(ExportFormat.values());
        formatPicker.valueProperty().bindBidirectional(vm.formatProperty());
        formatDescription.textProperty().bind(vm.formatProperty().map(ExportFormat::description));
        listenField.textProperty().bindBidirectional(vm.listenProperty());
        upstreamField.textProperty().bindBidirectional(vm.upstreamProperty());
        snippetToggle.selectedProperty().bindBidirectional(vm.snippetProperty());
        shadowToggle.selectedProperty().bindBidirectional(vm.shadowProperty());
        sidecarPicker.getItems().setAll(K8sSidecar.values());
        sidecarPicker.valueProperty().bindBidirectional(vm.sidecarProperty());
        var k8s = vm.formatProperty().isEqualTo(ExportFormat.K8S);
        sidecarPicker.disableProperty().bind(k8s.not());
        deploymentField.disableProperty().bind(k8s.not());
        deploymentField.textProperty().bindBidirectional(vm.deploymentProperty());
        preview.textProperty().bind(vm.previewProperty());
        notes.textProperty().bind(vm.notesProperty());
        notes.managedProperty().bind(vm.notesProperty().isNotEmpty());
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        busy.visibleProperty().bind(vm.busyProperty());
        copyButton.disableProperty().bind(vm.exportableProperty().not());
        saveButton.disableProperty().bind(vm.exportableProperty().not());
        savedMessage.textProperty().bind(vm.savedProperty());
        savedMessage.managedProperty().bind(vm.savedProperty().isNotEmpty());
        copyButton.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.previewProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        saveButton.setOnAction(e -> save());
        closeButton.setOnAction(e -> close.run());
    }

    private void save() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the " + vm.formatProperty().get() + " configuration");
        chooser.setInitialFileName(vm.suggestedFileName());
        File f = chooser.showSaveDialog(preview.getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            vm.save(f.toPath());
        } catch (IOException ex) {
            // the dialog says so beside the buttons (savedProperty); the form stays as it is to try again
        }
    }
}
