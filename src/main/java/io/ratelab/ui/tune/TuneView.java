package io.ratelab.ui.tune;

import io.ratelab.scenario.TuneSpec;
import io.ratelab.tune.Target;
import io.ratelab.ui.chart.CanvasChart;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

import java.util.Locale;
import java.util.function.Function;

/**
 * The Tune tab: objective inputs, Tune / Cancel with a progress bar, the frontier chart, the candidates table
 * (sortable; Pareto rows marked), the recommendation's why, Apply and Export…. Binds to {@link TuneViewModel} in
 * {@link #initialize()}, nothing else.
 */
public final class TuneView {

    private final TuneViewModel vm;

    @FXML private ComboBox<Target> targetBox;
    @FXML private TextField spareField;
    @FXML private ComboBox<String> spareOfBox;
    @FXML private ComboBox<String> algorithmBox;
    @FXML private TextField legitimateField;
    @FXML private TextField excludeAboveField;
    @FXML private TextField maxRateField;
    @FXML private TextField utilisationField;
    @FXML private TextField p99Field;
    @FXML private TextField attackGroupField;
    @FXML private TextField attackClientsField;
    @FXML private TextField attackRateField;
    @FXML private TextField growthField;
    @FXML private TextField replicasField;
    @FXML private TextField holdoutField;
    @FXML private Button tuneButton;
    @FXML private Button cancelButton;
    @FXML private ProgressBar progressBar;
    @FXML private Button applyButton;
    @FXML private Button exportButton;
    @FXML private Label statusLabel;
    @FXML private Label errorLabel;
    @FXML private Label whyLabel;
    @FXML private CanvasChart frontierChart;
    @FXML private TableView<CandidateRow> candidatesTable;
    @FXML private TableColumn<CandidateRow, String> paretoColumn;
    @FXML private TableColumn<CandidateRow, String> meetsColumn;
    @FXML private TableColumn<CandidateRow, String> limiterColumn;
    @FXML private TableColumn<CandidateRow, Double> costColumn;
    @FXML private TableColumn<CandidateRow, Long> rejectedColumn;
    @FXML private TableColumn<CandidateRow, Long> keysColumn;
    @FXML private TableColumn<CandidateRow, Double> attackColumn;
    @FXML private TableColumn<CandidateRow, Double> peakColumn;
    @FXML private TableColumn<CandidateRow, Double> p99Column;

    public TuneView(TuneViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        targetBox.getItems().setAll(Target.values());
        targetBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Target t) {
                return t == null ? "" : t.id();
            }

            @Override
            public Target fromString(String s) {
                return Target.byId(s);
            }
        });
        targetBox.valueProperty().bindBidirectional(vm.targetProperty());
        spareField.textProperty().bindBidirectional(vm.spareProperty());
        spareOfBox.getItems().setAll(TuneSpec.Spare.CLIENTS, TuneSpec.Spare.REQUESTS);
        spareOfBox.valueProperty().bindBidirectional(vm.spareOfProperty());
        algorithmBox.setItems(vm.algorithms());
        algorithmBox.valueProperty().bindBidirectional(vm.algorithmProperty());
        TuneObjectives o = vm.objectives();
        legitimateField.textProperty().bindBidirectional(o.legitimateProperty());
        excludeAboveField.textProperty().bindBidirectional(o.excludeAboveProperty());
        maxRateField.textProperty().bindBidirectional(o.maxRateProperty());
        utilisationField.textProperty().bindBidirectional(o.utilisationProperty());
        p99Field.textProperty().bindBidirectional(o.p99Property());
        attackGroupField.textProperty().bindBidirectional(o.attackGroupProperty());
        attackClientsField.textProperty().bindBidirectional(o.attackClientsProperty());
        attackRateField.textProperty().bindBidirectional(o.attackRateProperty());
        growthField.textProperty().bindBidirectional(o.growthProperty());
        replicasField.textProperty().bindBidirectional(o.replicasProperty());
        holdoutField.textProperty().bindBidirectional(vm.holdoutProperty());
        tuneButton.disableProperty().bind(vm.runningProperty());
        cancelButton.disableProperty().bind(vm.runningProperty().not());
        progressBar.progressProperty().bind(vm.progressProperty());
        progressBar.visibleProperty().bind(vm.runningProperty());
        applyButton.disableProperty().bind(vm.hasResultProperty().not().or(vm.runningProperty()));
        exportButton.disableProperty().bind(vm.hasResultProperty().not().or(vm.runningProperty()));
        statusLabel.textProperty().bind(vm.statusProperty());
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.managedProperty().bind(vm.errorProperty().isNotEmpty());
        whyLabel.textProperty().bind(vm.whyProperty());
        frontierChart.dataProperty().bind(vm.chartProperty());
        frontierChart.setHelp("Each line is the least burst that spares one share of the legitimate keys at each"
                + " rate (exact, per key, in the engine's own arithmetic); for a window algorithm, the least limit N"
                + " per window at each window W, plotted at its rate N / W. The red line marks the recommendation.");
        candidatesTable.setItems(vm.rows());
        text(paretoColumn, r -> r.pareto() ? "✓" : "");
        text(meetsColumn, r -> r.meets() ? "✓" : "");
        text(limiterColumn, CandidateRow::limiter);
        value(costColumn, CandidateRow::costPerMinute);
        value(rejectedColumn, CandidateRow::legitimateRejected);
        value(keysColumn, CandidateRow::keysAffected);
        value(attackColumn, CandidateRow::attackerPerSecond);
        value(peakColumn, CandidateRow::peakPerSecond);
        value(p99Column, CandidateRow::p99Ms);
        candidatesTable.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(CandidateRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("pareto"),
                        !empty && row != null && row.pareto());
                setStyle(!empty && row != null && row.pareto() ? "-fx-font-weight: bold;" : "");
            }
        });
        for (TableColumn<CandidateRow, Double> c : java.util.List.of(costColumn, attackColumn, peakColumn,
                p99Column)) {
            c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
                @Override
                protected void updateItem(Double v, boolean empty) {
                    super.updateItem(v, empty);
                    setText(empty || v == null ? "" : String.format(Locale.ROOT, "%,.1f", v));
                }
            });
        }
    }

    private static void text(TableColumn<CandidateRow, String> c, Function<CandidateRow, String> f) {
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
    }

    private static <T> void value(TableColumn<CandidateRow, T> c, Function<CandidateRow, T> f) {
        c.setCellValueFactory(d -> (ObservableValue<T>) new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
    }

    @FXML
    private void tune() {
        vm.tune();
    }

    @FXML
    private void cancel() {
        vm.cancel();
    }

    @FXML
    private void apply() {
        vm.applyRecommendation();
    }

    @FXML
    private void export() {
        vm.exportRecommendation();
    }

    /** The frontier chart, for tests. */
    public CanvasChart frontierChart() {
        return frontierChart;
    }
}
