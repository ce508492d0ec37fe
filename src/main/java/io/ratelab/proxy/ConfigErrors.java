package io.ratelab.proxy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;

import java.util.stream.Collectors;

/** Turns a Jackson failure into one line naming the field path and the reason. */
final class ConfigErrors {

    private ConfigErrors() {
    }

    static String describe(Exception e) {
        if (e instanceof JsonMappingException jme) {
            String path = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            if (jme instanceof InvalidNullException) {
                return path + ": is empty (null); give a value or remove the entry";
            }
            Throwable root = rootCause(jme);
            String reason = root != jme && root.getMessage() != null ? root.getMessage() : jme.getOriginalMessage();
            reason = firstLine(reason).replaceFirst("^Cannot deserialize value of type `[^`]+` from String \".*?\": ", "");
            String last = path.substring(path.lastIndexOf('.') + 1);
            if (!last.isEmpty() && reason.startsWith(last + ": ")) {
                reason = reason.substring(last.length() + 2);
            }
            if (!path.isEmpty() && reason.matches("[A-Za-z]+: .*")) {
                return path + "." + reason;
            }
            return (path.isEmpty() ? "" : path + ": ") + reason;
        }
        return firstLine(e.getMessage()).replaceAll(",? from `[^`]*`", "");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
