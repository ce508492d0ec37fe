package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.limit.LimiterSpec;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A first, streaming pass over a scenario file that (1) rejects unknown keys at their own line — Jackson buffers
 * unknown properties of records until the record is built, so its report would come late and at the wrong place —
 * and (2) remembers the line of every field path ({@code traffic[0].arrival.rate}), so that any later error, from
 * binding or from validation, can name its line.
 *
 * <p>The allowed keys of a mapping are the components of the record it binds to (a limiter entry: those of
 * {@link LimiterSpec} plus {@code key}). Values of the wrong shape are left to Jackson, which reports them.
 */
final class FieldLines {

    private final Map<String, Integer> lines = new HashMap<>();
    private final String source;

    private FieldLines(String source) {
        this.source = source;
    }

    /**
     * Reads the field lines of {@code text} as a {@code root}.
     *
     * @throws ScenarioException for an unknown key
     * @throws IOException       for text that does not parse (the caller lets Jackson report it)
     */
    static FieldLines of(String text, ObjectMapper mapper, Class<?> root, String source) throws IOException {
        FieldLines found = new FieldLines(source);
        try (JsonParser p = mapper.getFactory().createParser(text)) {
            if (p.nextToken() != null) {
                found.walk(p, root, "");
            }
        }
        return found;
    }

    /** The line of {@code path} or of its nearest indexed ancestor; 0 if none. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    private void walk(JsonParser p, Type type, String path) throws IOException {
        lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        Class<?> raw = raw(type);
        if (p.currentToken() == JsonToken.START_ARRAY && List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                walk(p, element, path + "[" + i++ + "]");
            }
        } else if (p.currentToken() == JsonToken.START_OBJECT && raw.isRecord()
                && raw != TuneSpec.Legitimate.class) {
            // tune.legitimate's {exclude: {clientsAbove}} has a shape of its own, checked by TuneSpec's reader
            Map<String, Type> fields = fieldsOf(raw);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                String child = path.isEmpty() ? name : path + "." + name;
                int line = p.currentTokenLocation().getLineNr();
                if (!fields.containsKey(name)) {
                    throw new ScenarioException(source, line, child, "unknown key '" + name + "'; allowed here: "
                            + new TreeSet<>(fields.keySet()).stream().collect(Collectors.joining(", ")), null);
                }
                p.nextToken();
                lines.put(child, line);
                walk(p, fields.get(name), child);
            }
        } else {
            p.skipChildren();
        }
    }

    private static Map<String, Type> fieldsOf(Class<?> record) {
        Map<String, Type> fields = new HashMap<>();
        Class<?> described = record == ScenarioLimiter.class ? LimiterSpec.class : record;
        Arrays.stream(described.getRecordComponents())
                .forEach((RecordComponent c) -> fields.put(c.getName(), c.getGenericType()));
        if (record == ScenarioLimiter.class) {
            fields.put("key", String.class);
        }
        return fields;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }
}
