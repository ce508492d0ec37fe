package io.ratelab.ui.traffic;

import io.ratelab.scenario.ServiceTimeSpec;
import io.ratelab.ui.controls.ViewLoader;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The traffic panel: duration and key, one {@link TrafficGroupView} per traffic group, the upstream model and the
 * external target.
 * Binds to {@link TrafficPanelViewModel} in {@link #initialize()}.
 */
public final class TrafficPanelView {

    private final TrafficPanelViewModel vm;

    @FXML private TextField durationField;
    @FXML private TextField keyField;
    @FXML private VBox groupBox;
    @FXML private Button addGroupButton;
    @FXML private CheckBox upstreamToggle;
    @FXML private GridPane upstreamGrid;
    @FXML private TextField concurrencyField;
    @FXML private ChoiceBox<ServiceTimeSpec.Distribution> distributionPicker;
    @FXML private Label medianLabel;
    @FXML private TextField medianField;
    @FXML private Label p99Label;
    @FXML private TextField p99Field;
    @FXML private TextField errorRateField;
    @FXML private CheckBox externalToggle;
    @FXML private TextField externalField;

    public TrafficPanelView(TrafficPanelViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        durationField.textProperty().bindBidirectional(vm.durationProperty());
        keyField.textProperty().bindBidirectional(vm.keyProperty());
        addGroupButton.setOnAction(e -> vm.addGroup());
        vm.groups().addListener((ListChangeListener<TrafficGroupViewModel>) c -> buildGroups());
        buildGroups();
        upstreamToggle.selectedProperty().bindBidirectional(vm.upstreamModelProperty());
        upstreamGrid.disableProperty().bind(upstreamToggle.selectedProperty().not());
        concurrencyField.textProperty().bindBidirectional(vm.concurrencyProperty());
        distributionPicker.getItems().setAll(ServiceTimeSpec.Distribution.values());
        distributionPicker.setConverter(new StringConverter<>() {
            @Override
            public String toString(ServiceTimeSpec.Distribution d) {
                return d == null ? "" : d.id();
            }

            @Override
            public ServiceTimeSpec.Distribution fromString(String s) {
                return ServiceTimeSpec.Distribution.byId(s);
            }
        });
        distributionPicker.valueProperty().bindBidirectional(vm.distributionProperty());
        medianField.textProperty().bindBidirectional(vm.medianProperty());
        p99Field.textProperty().bindBidirectional(vm.p99Property());
        errorRateField.textProperty().bindBidirectional(vm.errorRateProperty());
        var uniform = vm.distributionProperty().isEqualTo(ServiceTimeSpec.Distribution.UNIFORM);
        var twoValues = uniform.or(vm.distributionProperty().isEqualTo(ServiceTimeSpec.Distribution.LOGNORMAL));
        medianLabel.textProperty().bind(Bindings.when(uniform).then("min").otherwise("median"));
        p99Label.textProperty().bind(Bindings.when(uniform).then("max").otherwise("p99"));
        p99Field.disableProperty().bind(twoValues.not());
        externalToggle.selectedProperty().bindBidirectional(vm.externalProperty());
        externalField.textProperty().bindBidirectional(vm.externalUrlProperty());
        externalField.disableProperty().bind(externalToggle.selectedProperty().not());
    }

    private void buildGroups() {
        groupBox.getChildren().clear();
        for (TrafficGroupViewModel g : vm.groups()) {
            groupBox.getChildren().add(ViewLoader.load(new TrafficGroupView(g, () -> vm.removeGroup(g),
                    vm.groups().size() > 1)));
        }
    }
}
