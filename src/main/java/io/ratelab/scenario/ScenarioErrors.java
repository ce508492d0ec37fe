package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's exceptions into {@link ScenarioException}s a user can act on: file, line, field path
 * ({@code limiters[1].burst}) and a problem that says what is allowed, without Java type names. The line is that of
 * the field path as the {@link FieldLines} saw it (Jackson reports errors of records where the record ends), else
 * Jackson's own.
 */
final class ScenarioErrors {

    private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z0-9]*): (.*)", Pattern.DOTALL);
    private static final Pattern WEIRD_STRING = Pattern.compile(
            "Cannot deserialize value of type `[^`]+` from String \".*?\": (.*)", Pattern.DOTALL);
    /** The problem of a {@code null} where a list holds values ({@code limiters: [null]}, {@code [a, , b]}). */
    static final String NULL_ENTRY = "is empty (null); give a value or remove the entry";

    private ScenarioErrors() {
    }

    /** A scenario exception for {@code e} met while reading {@code file}. */
    static ScenarioException of(String file, JsonProcessingException e, FieldLines fieldLines) {
        JsonLocation location = e.getLocation();
        int line = location == null || location.getLineNr() < 1 ? 0 : location.getLineNr();
        if (e instanceof JsonMappingException m) {
            String[] parts = describe(m);
            String path = pathOf(m.getPath());
            if (!parts[0].isEmpty()) {
                path = path.isEmpty() ? parts[0] : path + "." + parts[0];
            }
            int indexed = fieldLines == null ? 0 : fieldLines.lineOf(path);
            return new ScenarioException(file, indexed > 0 ? indexed : line, path, parts[1], e);
        }
        return new ScenarioException(file, line, "", "not valid YAML/JSON: "
                + FileFormats.plainMessage(e.getOriginalMessage()), e);
    }

    /** {field to append to the path (may be empty), readable problem}. */
    static String[] describe(JsonMappingException e) {
        if (e instanceof LocatedProblem p) {
            return new String[]{"", p.problem()};
        }
        if (e instanceof InvalidNullException) {
            return new String[]{"", NULL_ENTRY};
        }
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
            return new String[]{"", "unknown key '" + u.getPropertyName() + "'; allowed here: "
                    + String.join(", ", known)};
        }
        IllegalArgumentException cause = deepestIllegalArgument(e);
        if (cause != null) {
            return splitField(cause.getMessage());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String got = mismatchedToken(m.getOriginalMessage());
            if (got != null) {
                return new String[]{"", "expected " + expected(m.getTargetType()) + ", got " + got};
            }
        }
        String message = firstLine(e.getOriginalMessage());
        Matcher weird = WEIRD_STRING.matcher(message);
        if (weird.matches()) {
            return new String[]{"", FileFormats.plainMessage(weird.group(1))};
        }
        return new String[]{"", FileFormats.plainMessage(message)};
    }

    private static final Pattern FROM_VALUE = Pattern.compile("from ([A-Za-z-]+) value");

    /** What the input held where Jackson wanted something else, in the file's words; null if not said. */
    private static String mismatchedToken(String message) {
        Matcher m = FROM_VALUE.matcher(message == null ? "" : message);
        if (!m.find()) {
            return message != null && message.contains("No content") ? "nothing" : null;
        }
        return switch (m.group(1)) {
            case "Array" -> "a list";
            case "Object" -> "a mapping";
            case "String" -> "a text";
            case "Integer" -> "a whole number";
            case "Floating-point" -> "a decimal number";
            case "Boolean" -> "true or false";
            default -> "a " + m.group(1).toLowerCase(java.util.Locale.ROOT) + " value";
        };
    }

    /** What a value of {@code type} is written as in a file. */
    private static String expected(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 10s";
        }
        if (type.isEnum() || type.getSimpleName().equals("Rate") || type.getSimpleName().equals("KeyRule")) {
            return "a text value";
        }
        return "a mapping of keys";
    }

    /** Splits {@code field: problem}; a message without a leading field name gives an empty field. */
    static String[] splitField(String message) {
        String m = message == null ? "invalid value" : message;
        Matcher matcher = FIELD.matcher(m);
        return matcher.matches() ? new String[]{matcher.group(1), matcher.group(2)} : new String[]{"", m};
    }

    static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static IllegalArgumentException deepestIllegalArgument(Throwable e) {
        IllegalArgumentException found = null;
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IllegalArgumentException iae) {
                found = iae;
            }
        }
        return found;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
