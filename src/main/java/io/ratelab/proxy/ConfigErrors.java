package io.ratelab.proxy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import io.ratelab.scenario.FileFormats;

import java.util.stream.Collectors;

/** Turns a Jackson failure into one line naming the field path and the reason. */
final class ConfigErrors {

    private ConfigErrors() {
    }

    static String describe(Exception e) {
        return FileFormats.visible(raw(e));
    }

    private static String raw(Exception e) {
        if (e instanceof JsonMappingException jme) {
            String path = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            if (jme instanceof InvalidNullException) {
                return path + ": is empty (null); give a value or remove the entry";
            }
            String[] fieldAndProblem = FileFormats.fieldAndProblem(jme);
            String full = fieldAndProblem[0].isEmpty() ? path
                    : path.isEmpty() ? fieldAndProblem[0] : path + "." + fieldAndProblem[0];
            return (full.isEmpty() ? "" : full + ": ") + fieldAndProblem[1];
        }
        return FileFormats.plainMessage(e.getMessage());
    }
}
