package io.ratelab.ui.traffic;

import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.RetrySpec;
import io.ratelab.ui.controls.Tips;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;

import java.util.List;

/**
 * One traffic group in the traffic panel ({@code TrafficGroup.fxml}): binds to its {@link TrafficGroupViewModel} in
 * {@link #initialize()}. The arrival and retry grids get a row per field the process or policy takes, rebuilt when
 * those change; a group that replays a trace shows the trace's file, format, replay and key instead of clients and
 * an arrival process.
 */
final class TrafficGroupView {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final TrafficGroupViewModel vm;
    private final Runnable remove;
    private final boolean removable;

    @FXML private TextField nameField;
    @FXML private TextField clientsField;
    @FXML private Label clientsLabel;
    @FXML private Button removeButton;
    @FXML private HBox arrivalRow;
    @FXML private ChoiceBox<ArrivalSpec.Process> processPicker;
    @FXML private GridPane arrivalGrid;
    @FXML private GridPane traceGrid;
    @FXML private Label traceFileLabel;
    @FXML private Label traceFormatLabel;
    @FXML private Label traceReplayLabel;
    @FXML private Label traceKeyLabel;
    @FXML private ChoiceBox<String> retryPicker;
    @FXML private GridPane retryGrid;
    @FXML private Label errorLabel;

    /** The editor of {@code vm}; {@code remove} runs on its remove button, which is disabled unless removable. */
    TrafficGroupView(TrafficGroupViewModel vm, Runnable remove, boolean removable) {
        this.vm = vm;
        this.remove = remove;
        this.removable = removable;
    }

    @FXML
    private void initialize() {
        nameField.textProperty().bindBidirectional(vm.nameProperty());
        clientsField.textProperty().bindBidirectional(vm.clientsProperty());
        removeButton.setDisable(!removable);
        removeButton.setOnAction(e -> remove.run());
        processPicker.getItems().setAll(ArrivalSpec.Process.values());
        processPicker.setConverter(new ProcessText());
        processPicker.valueProperty().bindBidirectional(vm.processProperty());
        retryPicker.getItems().setAll(RetrySpec.policies());
        retryPicker.valueProperty().bindBidirectional(vm.retryPolicyProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        showOnlyWhen(vm.errorProperty().isNotEmpty(), errorLabel);

        traceFileLabel.textProperty().bind(vm.traceFileProperty());
        traceFormatLabel.textProperty().bind(vm.traceFormatProperty());
        traceReplayLabel.textProperty().bind(vm.traceReplayProperty());
        traceKeyLabel.textProperty().bind(vm.traceKeyProperty());
        traceFileLabel.setId(vm.nameProperty().get() + "-trace-file");
        showOnlyWhen(vm.replaysTraceProperty(), traceGrid);
        showOnlyWhen(vm.replaysTraceProperty().not(), clientsField, clientsLabel, arrivalRow);

        vm.arrivalFields().addListener((ListChangeListener<FieldViewModel>) c -> fillArrival());
        vm.retryFields().addListener((ListChangeListener<FieldViewModel>) c -> fill(retryGrid, vm.retryFields()));
        vm.replaysTraceProperty().addListener((obs, o, n) -> fillArrival());
        fillArrival();
        fill(retryGrid, vm.retryFields());
    }

    private static void showOnlyWhen(ObservableBooleanValue shown, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(shown);
            n.managedProperty().bind(shown);
        }
    }

    /** A trace group's arrival is its trace: no arrival fields. */
    private void fillArrival() {
        fill(arrivalGrid, vm.replaysTrace() ? List.of() : vm.arrivalFields());
    }

    private void fill(GridPane grid, List<FieldViewModel> fields) {
        grid.getChildren().clear();
        int row = 0;
        for (FieldViewModel f : fields) {
            TextField text = new TextField();
            text.setId(vm.nameProperty().get() + "-" + f.key());
            text.textProperty().bindBidirectional(f.textProperty());
            text.setPromptText(f.hint());
            String tip = f.key() + ": " + f.hint();
            Tips.set(text, tip);
            vm.errorProperty().addListener((obs, o, n) ->
                    text.pseudoClassStateChanged(INVALID, n.startsWith(f.key() + ":")
                            || n.contains("." + f.key() + ":")));
            if (f.isRequired()) {
                Label l = new Label(f.key());
                l.getStyleClass().add("param-label");
                Tips.set(l, tip);
                grid.addRow(row++, l, text);
            } else {
                CheckBox use = new CheckBox(f.key());
                use.getStyleClass().add("param-label");
                Tips.set(use, "Off: the default. " + f.hint());
                use.selectedProperty().bindBidirectional(f.enabledProperty());
                text.disableProperty().bind(use.selectedProperty().not());
                grid.addRow(row++, use, text);
            }
        }
        grid.setVisible(row > 0);
        grid.setManaged(row > 0);
    }

    /** Arrival processes by their file names (poisson, on-off, …). */
    private static final class ProcessText extends StringConverter<ArrivalSpec.Process> {
        @Override
        public String toString(ArrivalSpec.Process p) {
            return p == null ? "" : p.id();
        }

        @Override
        public ArrivalSpec.Process fromString(String s) {
            return ArrivalSpec.Process.byId(s);
        }
    }
}
