package io.ratelab.ui.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Shortens text to a width: a chart title at its parts, and a legend's names so that they stay apart ("admitted p50"
 * and "admitted p99" in 60 px become "adm… p50" and "adm… p99", not both "admitted…"). How wide a text is comes
 * from the caller ({@link TextFit} measures in a font; tests count characters). Stateless apart from the measure.
 */
final class TextShortener {

    private static final String ELLIPSIS = "…";
    /** A head elided to fewer characters than this says nothing ("p… raw"); such a candidate is not offered. */
    private static final int LEAST_HEAD = 3;

    private final ToDoubleFunction<String> width;

    TextShortener(ToDoubleFunction<String> width) {
        this.width = width;
    }

    /**
     * {@code title} if it fits in {@code room}, else without its last part in parentheses or after a colon
     * ("Latency per second: p50 and p99 (of ≥ 100 answers)" → "Latency per second: p50 and p99" → "Latency per
     * second"), else cut at a word with an ellipsis; a single word too wide stays whole.
     */
    String shortened(String title, double room) {
        String s = title;
        while (!fits(s, room)) {
            int cut = Math.max(s.lastIndexOf(" ("), s.lastIndexOf(':'));
            if (cut <= 0) {
                int space = s.lastIndexOf(' ');
                if (space <= 0) {
                    return s;
                }
                s = s.substring(0, space);
                while (!fits(s + ELLIPSIS, room) && s.lastIndexOf(' ') > 0) {
                    s = s.substring(0, s.lastIndexOf(' '));
                }
                return s + ELLIPSIS;
            }
            s = s.substring(0, cut);
        }
        return s;
    }

    /**
     * Each of {@code names} shortened to {@code room} so that different names stay different. A name is kept whole if
     * it fits; else shortened as a title is, if that keeps the character where it first differs from every other
     * name; else cut at a later word, or its common head elided before the word that tells it apart ("adm… p50"), or
     * cut at a character, or only its distinguishing tail ("…p50"); the first of these that fits, else the narrowest.
     */
    List<String> apart(List<String> names, double room) {
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(apart(name, sharedHead(name, names), room));
        }
        return out;
    }

    private String apart(String name, int shared, double room) {
        if (fits(name, room)) {
            return name;
        }
        String plain = shortened(name, room);
        if (keeps(plain, shared) && fits(plain, room)) {
            return plain;
        }
        String narrowest = name;
        double narrowestWidth = width.applyAsDouble(name);
        for (String c : candidates(name, shared)) {
            double w = width.applyAsDouble(c);
            if (w <= room) {
                return c;
            }
            if (w < narrowestWidth) {
                narrowest = c;
                narrowestWidth = w;
            }
        }
        return narrowest;
    }

    /** Shortenings of {@code name} that keep its character {@code shared} (where it differs), best first. */
    private static List<String> candidates(String name, int shared) {
        List<String> out = new ArrayList<>();
        // cut at a later word: "p99 (all answers)" beside "p99 raw" → "p99 (all…"
        for (int space = name.lastIndexOf(' '); space > shared; space = name.lastIndexOf(' ', space - 1)) {
            out.add(name.substring(0, space) + ELLIPSIS);
        }
        // the common head elided before the word that differs: "admitted p50" beside "admitted p99" → "adm… p50"
        int tail = name.lastIndexOf(' ', Math.min(shared, name.length() - 1)) + 1;
        if (tail > 0) {
            String head = name.substring(0, tail).stripTrailing();
            for (int k = head.length() - 1; k >= LEAST_HEAD; k--) {
                out.add(head.substring(0, k) + ELLIPSIS + " " + name.substring(tail));
            }
        }
        // cut at a character past the difference: "p99 ra…"
        for (int k = name.length() - 1; k > shared; k--) {
            out.add(name.substring(0, k) + ELLIPSIS);
        }
        if (tail > 0) {
            out.add(ELLIPSIS + name.substring(tail));
        }
        return out;
    }

    /** How many leading characters {@code name} shares with the most alike other name in {@code names}. */
    private static int sharedHead(String name, List<String> names) {
        int most = 0;
        for (String other : names) {
            if (!other.equals(name)) {
                int n = 0;
                while (n < name.length() && n < other.length() && name.charAt(n) == other.charAt(n)) {
                    n++;
                }
                most = Math.max(most, n);
            }
        }
        return most;
    }

    /** Whether {@code shortened} (a head of the name, maybe with an ellipsis) still holds character {@code shared}. */
    private static boolean keeps(String shortened, int shared) {
        String kept = shortened.endsWith(ELLIPSIS) ? shortened.substring(0, shortened.length() - 1) : shortened;
        return kept.length() > shared;
    }

    private boolean fits(String s, double room) {
        return width.applyAsDouble(s) <= room;
    }
}
