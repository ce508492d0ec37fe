package io.ratelab.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.undertow.util.HttpString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which requests share one limit: the proxy's key rule, written {@code global}, {@code ip}, {@code header:NAME},
 * {@code route}, or parts joined with {@code +} ({@code ip+header:X-Api-Key}). The text syntax is the one scenario
 * files use, so the two can be unified.
 *
 * <ul>
 *   <li>{@code global}: every request shares one limit;</li>
 *   <li>{@code ip}: the client address; {@code X-Forwarded-For} counts only when the peer is a trusted proxy
 *       (see {@link ClientAddress});</li>
 *   <li>{@code header:NAME}: the value of a request header, e.g. an API key; requests without it share the key
 *       {@code -};</li>
 *   <li>{@code route}: method and path, {@code GET /items}.</li>
 * </ul>
 * A composed key joins its parts' values with {@code |}. Immutable and thread-safe.
 *
 * @param parts the parts, at least one; {@code global} only alone
 */
public record KeyRule(List<Part> parts) {

    /** Every request shares one limit. */
    public static final KeyRule GLOBAL = new KeyRule(List.of(Part.GLOBAL));
    /** One limit per client address. */
    public static final KeyRule IP = new KeyRule(List.of(Part.IP));

    public KeyRule {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("key: needs at least one part; write global, ip, header:NAME or route");
        }
        parts = List.copyOf(parts);
        if (parts.size() > 1 && parts.contains(Part.GLOBAL)) {
            throw new IllegalArgumentException("key: 'global' cannot be combined with other parts");
        }
    }

    /**
     * Parses {@code global | ip | header:NAME | route}, parts joined by {@code +}.
     *
     * @throws IllegalArgumentException naming the bad part and what is allowed
     */
    @JsonCreator
    public static KeyRule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("key: is empty; write global, ip, header:NAME, route or a+b");
        }
        List<Part> parts = new ArrayList<>();
        for (String raw : text.split("\\+", -1)) {
            parts.add(Part.parse(raw.trim(), text));
        }
        return new KeyRule(parts);
    }

    /** True for the rule that puts every request under one key. */
    public boolean isGlobal() {
        return parts.size() == 1 && parts.get(0).kind() == Kind.GLOBAL;
    }

    /** True when the key depends on the client address. */
    public boolean usesClientAddress() {
        return parts.stream().anyMatch(p -> p.kind() == Kind.IP);
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

    /** The kinds of key parts. */
    public enum Kind { GLOBAL, IP, HEADER, ROUTE }

    /**
     * One part of a key rule.
     *
     * @param kind   what the part reads
     * @param header the header name for {@link Kind#HEADER}, {@code null} otherwise
     */
    public record Part(Kind kind, String header) {

        static final Part GLOBAL = new Part(Kind.GLOBAL, null);
        static final Part IP = new Part(Kind.IP, null);
        static final Part ROUTE = new Part(Kind.ROUTE, null);

        public Part {
            if (kind == null) {
                throw new IllegalArgumentException("key: part kind is required");
            }
            if ((kind == Kind.HEADER) != (header != null)) {
                throw new IllegalArgumentException("key: a header name goes with header: parts only");
            }
            if (header != null && !isToken(header)) {
                throw new IllegalArgumentException("key: '" + header + "' is not a valid header name");
            }
        }

        /** The header name as Undertow looks it up; {@code null} unless a header part. */
        public HttpString headerName() {
            return header == null ? null : HttpString.tryFromString(header);
        }

        static Part parse(String part, String whole) {
            String lower = part.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "global":
                    return GLOBAL;
                case "ip":
                    return IP;
                case "route":
                    return ROUTE;
                default:
                    if (lower.startsWith("header:") && part.length() > "header:".length()) {
                        return new Part(Kind.HEADER, part.substring("header:".length()).trim());
                    }
                    throw new IllegalArgumentException("key: '" + part + "' in '" + whole + "' is not a key part;"
                            + " write global, ip, header:NAME or route, joined with +");
            }
        }

        private static boolean isToken(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return kind == Kind.HEADER ? "header:" + header : kind.name().toLowerCase(Locale.ROOT);
        }
    }
}
