package io.ratelab.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small strict parser of the Prometheus text exposition format 0.0.4, for tests: every line is a HELP, a TYPE or a
 * sample; metric and label names follow the spec's grammar; label values are quoted with only {@code \\ \" \n}
 * escapes; values are Go floats (incl. +Inf, -Inf, NaN); each family has one TYPE, before its samples, and its samples
 * are contiguous; a histogram's buckets carry {@code le}, are cumulative, end with {@code +Inf} equal to
 * {@code _count}, and come with {@code _sum}. Any violation throws with the line number.
 */
final class PrometheusText {

    /** One sample. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|[+-]Inf|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new LinkedHashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        p.read(text);
        return p;
    }

    /** The value of the one sample with that name and exactly those labels, or NaN when absent. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(labels)).mapToDouble(Sample::value)
                .findFirst().orElse(Double.NaN);
    }

    /** The sum over every sample of that name. */
    double sum(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).mapToDouble(Sample::value).sum();
    }

    private void read(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a newline");
        }
        String[] lines = text.split("\n", -1);
        Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        Map<String, Integer> helps = new HashMap<>();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int n = i + 1;
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                requireName(parts[0], n);
                if (helps.put(parts[0], n) != null) {
                    throw fail(n, "second HELP for " + parts[0]);
                }
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !TYPES.contains(parts[1])) {
                    throw fail(n, "bad TYPE line: " + line);
                }
                requireName(parts[0], n);
                if (types.containsKey(parts[0])) {
                    throw fail(n, "second TYPE for " + parts[0]);
                }
                types.put(parts[0], parts[1]);
            } else if (line.startsWith("#")) {
                continue;
            } else if (line.isEmpty()) {
                throw fail(n, "empty line");
            } else {
                Sample s;
                try {
                    s = sample(line, n);
                } catch (IndexOutOfBoundsException e) {
                    throw fail(n, "truncated sample: " + line);
                }
                String family = familyOf(s.name);
                if (!types.containsKey(family)) {
                    throw fail(n, "sample before the TYPE of its family: " + s.name);
                }
                if (!family.equals(currentFamily)) {
                    if (closedFamilies.contains(family)) {
                        throw fail(n, "samples of " + family + " are not contiguous");
                    }
                    if (currentFamily != null) {
                        closedFamilies.add(currentFamily);
                    }
                    currentFamily = family;
                }
                samples.add(s);
            }
        }
        checkHistograms();
    }

    private String familyOf(String sampleName) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private Sample sample(String line, int n) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(name, n);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw fail(n, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw fail(n, "bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw fail(n, "label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        v.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw fail(n, "bad escape \\" + e);
                        });
                    } else {
                        v.append(c);
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw fail(n, "label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw fail(n, "expected ',' or '}' after a label");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(n, "expected one space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2 || !VALUE.matcher(rest[0]).matches()) {
            throw fail(n, "bad value '" + line.substring(i + 1) + "'");
        }
        if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw fail(n, "bad timestamp");
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name, labels, value);
    }

    private void checkHistograms() {
        for (Map.Entry<String, String> t : types.entrySet()) {
            if (!t.getValue().equals("histogram")) {
                continue;
            }
            String base = t.getKey();
            double previous = -1;
            double inf = Double.NaN;
            double lastLe = Double.NEGATIVE_INFINITY;
            for (Sample s : samples) {
                if (!s.name.equals(base + "_bucket")) {
                    continue;
                }
                String le = s.labels.get("le");
                if (le == null) {
                    throw new IllegalArgumentException(base + ": bucket without le");
                }
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                if (bound <= lastLe || s.value < previous) {
                    throw new IllegalArgumentException(base + ": buckets not increasing and cumulative at le=" + le);
                }
                lastLe = bound;
                previous = s.value;
                if (le.equals("+Inf")) {
                    inf = s.value;
                }
            }
            double count = value(base + "_count", Map.of());
            if (Double.isNaN(inf) || inf != count || Double.isNaN(value(base + "_sum", Map.of()))) {
                throw new IllegalArgumentException(base + ": needs a +Inf bucket equal to _count, and _sum");
            }
        }
    }

    private static void requireName(String name, int n) {
        if (!NAME.matcher(name).matches()) {
            throw fail(n, "bad metric name '" + name + "'");
        }
    }

    private static IllegalArgumentException fail(int line, String why) {
        return new IllegalArgumentException("line " + line + ": " + why);
    }
}
