package io.ratelab.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratelab.scenario.FileFormats;

import java.util.ArrayList;
import java.util.List;

/**
 * RateLab's own sidecar config, the file {@code ratelab proxy --config FILE} reads: listen, upstream, key, limiter
 * and reject status. The sidecar runs the very algorithm objects the simulator ran, so the export is exact. With
 * {@code --snippet}, only the hot-swappable part ({@code key} and {@code limiter}), which the admin port's
 * {@code PUT /config} also accepts. Stateless and thread-safe.
 */
final class RatelabExporter implements Exporter {

    static final String SHADOW_NOTE = "Shadow mode (shadow: true): the sidecar decides and counts every request as"
            + " when enforcing but forwards them all. The would-be rejections are"
            + " ratelab_proxy_shadow_rejected_total{limiter} on the admin port (curl -s 127.0.0.1:9901/metrics), and"
            + " \"shadow\":\"rejected\" in a --record file, which ratelab verify SCENARIO --limiter NAME FILE"
            + " compares with the prediction; shadowHeader: X-RateLimit-Shadow marks them for the application. To"
            + " enforce, set shadow: false (PUT /config or --watch switch it while traffic flows, keeping every"
            + " key's state).";

    @Override
    public ExportFormat format() {
        return ExportFormat.RATELAB;
    }

    @Override
    public ExportResult export(ExportRequest r) {
        List<String> notes = new ArrayList<>(List.of("RateLab export of " + EngineMapping.describe(r.limiter())
                        + ", keyed by " + r.key() + ", for RateLab's sidecar.",
                "exact: the sidecar runs the same limiter objects as the simulator."));
        if (r.shadow()) {
            notes.add(SHADOW_NOTE);
        }
        String head = ExportNotes.comment(notes, "# ");
        if (r.snippet()) {
            return new ExportResult(head + "# --- the limit settings (also what PUT /config on the admin port takes)"
                    + " ---\n" + yaml(settings(r)), "ratelab-limit.yaml", notes);
        }
        return new ExportResult(head + "#\n# Run: ratelab proxy --config ratelab.yaml\n" + yaml(config(r)),
                ExportFormat.RATELAB.fileName(), notes);
    }

    /** The complete sidecar config as a tree. */
    static ObjectNode config(ExportRequest r) {
        ObjectNode n = FileFormats.yaml().createObjectNode()
                .put("listen", r.listen().toString())
                .put("upstream", r.upstream().toString());
        n.setAll(settings(r));
        return n;
    }

    private static ObjectNode settings(ExportRequest r) {
        ObjectMapper m = FileFormats.yaml();
        ObjectNode n = m.createObjectNode().put("key", r.key().toString());
        n.set("limiter", m.valueToTree(r.limiter()));
        n.put("rejectStatus", 429);
        if (r.shadow()) {
            n.put("shadow", true);
        }
        return n;
    }

    static String yaml(ObjectNode node) {
        try {
            return FileFormats.yaml().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
