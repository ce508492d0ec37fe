package io.ratelab.ui.limiter;

import io.ratelab.limit.Algorithm;
import io.ratelab.scenario.ScenarioLimiter;
import io.ratelab.ui.controls.Tips;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

/**
 * The limiter panel: the scenario's limiters, the algorithm picker with its explanation, and a row per parameter
 * (field, unit, slider; a switch for optional ones). Binds to {@link LimiterPanelViewModel} in {@link #initialize()}.
 */
public final class LimiterPanelView {

    private final LimiterPanelViewModel vm;

    @FXML private ChoiceBox<ScenarioLimiter> limiterPicker;
    @FXML private Button addButton;
    @FXML private Button removeButton;
    @FXML private TextField nameField;
    @FXML private TextField keyField;
    @FXML private ComboBox<Algorithm> algorithmPicker;
    @FXML private Label explanation;
    @FXML private GridPane paramGrid;
    @FXML private Label error;

    public LimiterPanelView(LimiterPanelViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        LimiterViewModel editor = vm.editor();
        limiterPicker.setItems(vm.limiters());
        limiterPicker.setConverter(new StringConverter<>() {
            @Override
            public String toString(ScenarioLimiter s) {
                return s == null ? "" : s.name();
            }

            @Override
            public ScenarioLimiter fromString(String s) {
                return null;
            }
        });
        limiterPicker.getSelectionModel().select(vm.selectedProperty().get());
        limiterPicker.getSelectionModel().selectedIndexProperty().addListener((obs, o, n) -> {
            if (n.intValue() >= 0) {
                vm.selectedProperty().set(n.intValue());
            }
        });
        vm.selectedProperty().addListener((obs, o, n) -> limiterPicker.getSelectionModel().select(n.intValue()));
        vm.limiters().addListener((ListChangeListener<ScenarioLimiter>) c ->
                limiterPicker.getSelectionModel().select(vm.selectedProperty().get()));
        addButton.setOnAction(e -> vm.addCopy());
        removeButton.setOnAction(e -> vm.removeSelected());
        removeButton.disableProperty().bind(vm.canRemoveProperty().not());
        nameField.textProperty().bindBidirectional(editor.nameProperty());
        nameField.promptTextProperty().bind(editor.algorithmProperty().asString());
        keyField.textProperty().bindBidirectional(vm.keyProperty());
        vm.keyErrorProperty().addListener((obs, o, n) -> keyField.pseudoClassStateChanged(INVALID, !n.isEmpty()));
        algorithmPicker.getItems().setAll(editor.algorithms());
        algorithmPicker.valueProperty().bindBidirectional(editor.algorithmProperty());
        algorithmPicker.setCellFactory(list -> new AlgorithmCell());
        explanation.textProperty().bind(editor.explanationProperty());
        error.textProperty().bind(javafx.beans.binding.Bindings.concat(editor.errorProperty(),
                javafx.beans.binding.Bindings.when(editor.errorProperty().isEmpty().or(vm.keyErrorProperty().isEmpty()))
                        .then("").otherwise("\n"), vm.keyErrorProperty()));
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        editor.params().addListener((ListChangeListener<ParamViewModel>) c -> buildRows());
        buildRows();
    }

    private void buildRows() {
        paramGrid.getChildren().clear();
        int row = 0;
        for (ParamViewModel p : vm.editor().params()) {
            addRow(p, row);
            row += p.isFlag() ? 1 : 2;
        }
    }

    private void addRow(ParamViewModel p, int row) {
        Label label = new Label(p.label());
        Tips.set(label, p.help());
        label.getStyleClass().add("param-label");
        if (p.isFlag()) {
            CheckBox box = new CheckBox();
            Tips.set(box, p.help());
            box.setSelected(Boolean.parseBoolean(p.textProperty().get()) && p.enabledProperty().get());
            box.selectedProperty().addListener((obs, o, n) -> {
                p.textProperty().set(Boolean.toString(n));
                p.enabledProperty().set(n);
            });
            box.setId("param-" + p.label());
            paramGrid.addRow(row, label, box);
            return;
        }
        TextField field = new TextField();
        field.setId("param-" + p.label());
        field.textProperty().bindBidirectional(p.textProperty());
        Tips.set(field, p.help());
        field.setPrefColumnCount(7);
        field.setMinWidth(56);                      // gives way to the unit in a narrow side panel (below)
        p.errorProperty().addListener((obs, o, n) -> field.pseudoClassStateChanged(INVALID, !n.isEmpty()));
        Label unit = new Label(p.unit());
        unit.getStyleClass().add("unit");
        unit.setMinWidth(Region.USE_PREF_SIZE);     // the field gives way, not the unit (issue 21: "N/s, N/m...")
        Slider slider = new Slider(0, 1, p.sliderProperty().get());
        slider.valueProperty().bindBidirectional(p.sliderProperty());
        Tips.set(slider, p.label() + " (logarithmic)");
        GridPane.setHgrow(slider, Priority.ALWAYS);
        if (!p.isRequired()) {
            CheckBox use = new CheckBox(p.label());
            Tips.set(use, "Off: the algorithm's default. " + p.help());
            use.selectedProperty().bindBidirectional(p.enabledProperty());
            use.getStyleClass().add("param-label");
            field.disableProperty().bind(use.selectedProperty().not());
            slider.disableProperty().bind(use.selectedProperty().not());
            paramGrid.addRow(row, use, field, unit);
        } else {
            paramGrid.addRow(row, label, field, unit);
        }
        paramGrid.add(slider, 1, row + 1, 2, 1);
    }

    private static final javafx.css.PseudoClass INVALID = javafx.css.PseudoClass.getPseudoClass("invalid");

    /** A picker row: the algorithm's name, with its explanation as tooltip. */
    private static final class AlgorithmCell extends ListCell<Algorithm> {
        @Override
        protected void updateItem(Algorithm a, boolean empty) {
            super.updateItem(a, empty);
            setText(empty || a == null ? null : a.id() + (a.isEngineModel() ? "  (engine model)" : ""));
            setTooltip(empty || a == null ? null : new Tooltip(a.explanation()));
        }
    }
}
