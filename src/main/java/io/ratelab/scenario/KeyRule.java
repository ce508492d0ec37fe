package io.ratelab.scenario;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which requests share one limit — the one key rule of RateLab, used by scenario files, the simulator, the proxy
 * (config file, {@code proxy --key}, admin {@code PUT /config}), the exporters and the workbench. Written
 * {@code global}, {@code ip}, {@code header:NAME}, {@code route}, or parts joined with {@code +}
 * ({@code ip+header:X-Api-Key}):
 * <ul>
 *   <li>{@code global}: every request shares one limit (only alone);</li>
 *   <li>{@code ip}: the client address; the proxy believes {@code X-Forwarded-For} only from a trusted peer;</li>
 *   <li>{@code header:NAME}: the value of a request header, e.g. an API key; requests without it share the key
 *       {@code -}. Names are case-insensitive, as in HTTP: they compare equal ignoring case and print as written;</li>
 *   <li>{@code route}: method and path, {@code GET /items}.</li>
 * </ul>
 * A composed key joins its parts' values with {@code |}. Immutable and thread-safe.
 *
 * @param parts the parts, at least one; {@code global} only alone
 */
public record KeyRule(List<Part> parts) {

    /** The forms {@link #parse} accepts, for error messages. */
    public static final String ALLOWED = "global, ip, header:NAME (e.g. header:X-Api-Key) or route,"
            + " or parts joined with + (e.g. ip+header:X-Api-Key)";

    /** Every request shares one limit. */
    public static final KeyRule GLOBAL = new KeyRule(List.of(Part.GLOBAL));
    /** One limit per client address. */
    public static final KeyRule IP = new KeyRule(List.of(Part.IP));
    /** One limit per method and path. */
    public static final KeyRule ROUTE = new KeyRule(List.of(Part.ROUTE));

    public KeyRule {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("needs at least one part; write " + ALLOWED);
        }
        parts = List.copyOf(parts);
        if (parts.size() > 1 && parts.contains(Part.GLOBAL)) {
            throw new IllegalArgumentException("'global' cannot be combined with other parts; write " + ALLOWED);
        }
    }

    /** The rule keyed on request header {@code name}. */
    public static KeyRule header(String name) {
        return new KeyRule(List.of(new Part(Kind.HEADER, name)));
    }

    /**
     * Parses {@code global | ip | header:NAME | route}, parts joined by {@code +}; case-insensitive, blanks around
     * parts ignored.
     *
     * @throws IllegalArgumentException naming the bad part and what is allowed
     */
    @JsonCreator
    public static KeyRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; write " + ALLOWED);
        }
        List<Part> parts = new ArrayList<>();
        for (String raw : text.split("\\+", -1)) {
            parts.add(Part.parse(raw.strip(), text));
        }
        return new KeyRule(parts);
    }

    /** True for the rule that puts every request under one key. */
    public boolean isGlobal() {
        return parts.get(0).kind() == Kind.GLOBAL;
    }

    /** True when the rule has more than one part. */
    public boolean isComposed() {
        return parts.size() > 1;
    }

    /** True when some part is of {@code kind}. */
    public boolean has(Kind kind) {
        for (Part p : parts) {
            if (p.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /** True when the key depends on the client address. */
    public boolean usesClientAddress() {
        return has(Kind.IP);
    }

    /** The first header part's name as written, or {@code null} when no part reads a header. */
    public String firstHeader() {
        for (Part p : parts) {
            if (p.kind() == Kind.HEADER) {
                return p.header();
            }
        }
        return null;
    }

    /**
     * The kind of a single-part rule, for consumers (the exporters) that take only those.
     *
     * @throws IllegalStateException for a composed rule
     */
    public Kind kind() {
        return single().kind();
    }

    /**
     * The header name of a single-part rule as written; {@code null} unless it is {@code header:NAME}.
     *
     * @throws IllegalStateException for a composed rule
     */
    public String header() {
        return single().header();
    }

    private Part single() {
        if (parts.size() != 1) {
            throw new IllegalStateException("the composed rule '" + this + "' has no single kind");
        }
        return parts.get(0);
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            b.append(b.length() == 0 ? "" : "+").append(p);
        }
        return b.toString();
    }

    /** The part of a request a key part is taken from. */
    public enum Kind { GLOBAL, IP, HEADER, ROUTE }

    /**
     * One part of a key rule. Two header parts are equal when their names are equal ignoring case.
     *
     * @param kind   what the part reads
     * @param header the header name as written for {@link Kind#HEADER}, {@code null} otherwise
     */
    public record Part(Kind kind, String header) {

        static final Part GLOBAL = new Part(Kind.GLOBAL, null);
        static final Part IP = new Part(Kind.IP, null);
        static final Part ROUTE = new Part(Kind.ROUTE, null);

        public Part {
            if (kind == null) {
                throw new IllegalArgumentException("a part's kind is required; write " + ALLOWED);
            }
            if (kind == Kind.HEADER) {
                if (header == null || !isToken(header)) {
                    throw new IllegalArgumentException("'header:' needs a header name of letters, digits and"
                            + " !#$%&'*+-.^_`|~, e.g. header:X-Api-Key, got '" + (header == null ? "" : header) + "'");
                }
            } else if (header != null) {
                throw new IllegalArgumentException("only header:NAME takes a name, not " + kind);
            }
        }

        static Part parse(String part, String whole) {
            if (part.regionMatches(true, 0, "header:", 0, 7)) {
                return new Part(Kind.HEADER, part.substring(7).strip());
            }
            switch (part.toLowerCase(Locale.ROOT)) {
                case "global":
                    return GLOBAL;
                case "ip":
                    return IP;
                case "route":
                    return ROUTE;
                default:
                    throw new IllegalArgumentException("'" + part + "'"
                            + (part.equals(whole.strip()) ? " is not a key rule" : " in '" + whole + "' is not a key part")
                            + "; write " + ALLOWED);
            }
        }

        private static boolean isToken(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$%&'*-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && p.kind == kind
                    && (header == null ? p.header == null : header.equalsIgnoreCase(p.header));
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + (header == null ? 0 : header.toLowerCase(Locale.ROOT).hashCode());
        }

        @Override
        public String toString() {
            return kind == Kind.HEADER ? "header:" + header : kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
