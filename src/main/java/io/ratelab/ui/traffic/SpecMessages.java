package io.ratelab.ui.traffic;

import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Short messages for entries built from panel fields through the scenario's strict reader: the record's own
 * complaint ("rate: must be positive") where there is one, else Jackson's original message with the field path.
 */
final class SpecMessages {

    private SpecMessages() {
    }

    static String of(Throwable e) {
        Throwable t = e;
        String path = "";
        String jackson = null;
        while (t != null) {
            if (t instanceof JsonMappingException j) {
                if (path.isEmpty() && !j.getPath().isEmpty()) {
                    path = j.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                            : "[" + r.getIndex() + "]").reduce((a, b) -> a + "." + b).orElse("");
                }
                jackson = jackson == null ? j.getOriginalMessage() : jackson;
            } else if (t instanceof IllegalArgumentException && !(t.getCause() instanceof JsonMappingException)
                    && t.getMessage() != null && t != e) {
                return t.getMessage();
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String m = jackson != null ? jackson : String.valueOf(e.getMessage());
        return path.isEmpty() ? m : path + ": " + m;
    }
}
