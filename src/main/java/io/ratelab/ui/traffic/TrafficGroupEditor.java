package io.ratelab.ui.traffic;

import io.ratelab.scenario.ArrivalSpec;
import io.ratelab.scenario.RetrySpec;
import io.ratelab.ui.controls.Tips;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.List;

/**
 * The editor of one traffic group inside the traffic panel (built in code: the rows depend on the arrival process
 * and retry policy). Bound to a {@link TrafficGroupViewModel} when constructed.
 */
final class TrafficGroupEditor extends VBox {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final TrafficGroupViewModel vm;
    private final GridPane arrivalGrid = grid();
    private final GridPane retryGrid = grid();

    TrafficGroupEditor(TrafficGroupViewModel vm, Runnable remove, boolean removable) {
        this.vm = vm;
        getStyleClass().add("group-editor");
        setSpacing(6);
        TextField name = new TextField();
        name.textProperty().bindBidirectional(vm.nameProperty());
        Tips.set(name, "The group's name in charts and tables");
        name.getStyleClass().add("group-name");
        HBox.setHgrow(name, Priority.ALWAYS);
        TextField clients = new TextField();
        clients.textProperty().bindBidirectional(vm.clientsProperty());
        clients.setPrefColumnCount(5);
        Tips.set(clients, "How many clients; each sends at the per-client rate");
        Button removeButton = new Button("−");
        removeButton.getStyleClass().add("icon-button");
        Tips.set(removeButton, "Remove this traffic group");
        removeButton.setDisable(!removable);
        removeButton.setOnAction(e -> remove.run());
        Label clientsLabel = new Label("clients");
        clientsLabel.getStyleClass().add("unit");
        clientsLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        clientsLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        name.setPrefColumnCount(8);
        HBox head = new HBox(6, name, clients, clientsLabel, removeButton);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        ChoiceBox<ArrivalSpec.Process> process = new ChoiceBox<>();
        process.getItems().setAll(ArrivalSpec.Process.values());
        process.setConverter(converter());
        process.valueProperty().bindBidirectional(vm.processProperty());
        process.setMaxWidth(Double.MAX_VALUE);
        Tips.set(process, "The arrival process of each client: constant, poisson, bursts (on/off), ramp, step,"
                + " spike, sine, or a schedule file");
        ChoiceBox<String> retry = new ChoiceBox<>();
        retry.getItems().setAll(RetrySpec.policies());
        retry.valueProperty().bindBidirectional(vm.retryPolicyProperty());
        retry.setMaxWidth(Double.MAX_VALUE);
        Tips.set(retry, "What a client does after a 429: nothing, retry at once, back off with jitter, or honour"
                + " Retry-After");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        getChildren().addAll(head, labelled("arrival", process), arrivalGrid, labelled("on 429", retry), retryGrid,
                error);
        vm.arrivalFields().addListener((ListChangeListener<FieldViewModel>) c -> fill(arrivalGrid,
                vm.arrivalFields()));
        vm.retryFields().addListener((ListChangeListener<FieldViewModel>) c -> fill(retryGrid, vm.retryFields()));
        fill(arrivalGrid, vm.arrivalFields());
        fill(retryGrid, vm.retryFields());
    }

    private static HBox labelled(String text, ChoiceBox<?> box) {
        Label l = new Label(text);
        l.getStyleClass().add("param-label");
        l.setMinWidth(84);
        HBox.setHgrow(box, Priority.ALWAYS);
        HBox h = new HBox(8, l, box);
        h.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return h;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        ColumnConstraints label = new ColumnConstraints();
        label.setMinWidth(84);
        ColumnConstraints field = new ColumnConstraints();
        field.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().setAll(label, field);
        return g;
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

    private static StringConverter<ArrivalSpec.Process> converter() {
        return new StringConverter<>() {
            @Override
            public String toString(ArrivalSpec.Process p) {
                return p == null ? "" : p.id();
            }

            @Override
            public ArrivalSpec.Process fromString(String s) {
                return ArrivalSpec.Process.byId(s);
            }
        };
    }
}
