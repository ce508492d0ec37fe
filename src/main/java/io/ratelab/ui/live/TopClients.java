package io.ratelab.ui.live;

import io.ratelab.metrics.ClientStats;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live tab's top-clients table: the busiest or the least-served clients of the run, ranked once a second when the
 * snapshot brings new client counts (or at once when the ranking is switched), and the caption above it. The rows
 * change only when a row changed, so an idle table costs no repaint. FX thread only; no Nodes.
 */
final class TopClients {

    /** Rows of the table. */
    static final int SHOWN = 20;
    static final String NO_CLIENTS = "Clients appear after a second of traffic";

    private final ObservableList<ClientRow> rows = FXCollections.observableArrayList();
    private final StringProperty caption = new SimpleStringProperty(NO_CLIENTS);
    private final ObjectProperty<ClientRanking> ranking = new SimpleObjectProperty<>(ClientRanking.BUSIEST);
    private ClientStats shown;

    TopClients() {
        ranking.addListener((obs, o, n) -> {
            if (shown != null) {
                rank(shown);
            }
        });
    }

    /** Shows {@code clients} if they are not the counts already shown. */
    void show(ClientStats clients) {
        if (clients != shown) {
            shown = clients;
            rank(clients);
        }
    }

    /** Empties the table for a new run. */
    void clear() {
        rows.clear();
        caption.set(NO_CLIENTS);
        shown = null;
    }

    private void rank(ClientStats c) {
        List<ClientStats.ClientCount> ranked = ranking.get() == ClientRanking.BUSIEST ? c.busiest()
                : c.leastServed();
        List<ClientRow> next = new ArrayList<>(SHOWN);
        for (ClientStats.ClientCount n : ranked.subList(0, Math.min(SHOWN, ranked.size()))) {
            next.add(new ClientRow(n.key(), n.group(), n.offered(), n.admitted(), n.rejected(),
                    100 * n.admittedShare()));
        }
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        // the picker beside it says which ranking this is (its help names the least served's 5-request floor)
        caption.set(c.active() == 0 ? NO_CLIENTS : String.format(Locale.ROOT,
                "%d of %,d clients · fairness over all %.3f", next.size(), c.active(), c.overall().index()));
    }

    /** The busiest or the least-served clients of the run (see {@link #rankingProperty()}), at most {@value #SHOWN}. */
    ObservableList<ClientRow> rows() {
        return rows;
    }

    /** The heading: how many are shown of how many clients sent anything, and the fairness over all of those. */
    StringProperty captionProperty() {
        return caption;
    }

    /** Whether the table shows the busiest clients or the least served. */
    ObjectProperty<ClientRanking> rankingProperty() {
        return ranking;
    }
}
