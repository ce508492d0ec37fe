package io.ratelab.load;

import io.undertow.util.HttpString;

/**
 * The request line a traffic group sends: a method and a path (with query), e.g. {@code GET /api/items}.
 *
 * @param method an HTTP method token
 * @param path   the request target, starting with {@code /}
 */
public record Route(String method, String path) {

    public Route {
        if (method == null || !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("route: the method must be upper-case letters, got " + method);
        }
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("route: the path must start with '/' and hold no spaces, got " + path);
        }
    }

    /** Parses {@code METHOD /path}, the form of traffic groups' routes. */
    public static Route parse(String line) {
        String[] parts = line == null ? new String[0] : line.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("route: write 'METHOD /path', got " + line);
        }
        return new Route(parts[0], parts[1]);
    }

    /**
     * A recorded request line (a trace's), sent as recorded: the target as is where HTTP allows it, with only the
     * characters a request target cannot carry percent-encoded (as UTF-8 bytes: {@code |} becomes {@code %7C}, a
     * space {@code %20}, a {@code %} not followed by two hex digits {@code %25}; see {@link #encodeTarget}). Null when
     * it cannot be sent — no method, a method that is not upper-case letters, a target that does not start with
     * {@code /} — so the caller falls back to the group's route. Plain loops: it runs once per replayed request.
     */
    public static Route recorded(String method, String target) {
        if (method == null || target == null || method.isEmpty() || target.isEmpty() || target.charAt(0) != '/') {
            return null;
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                return null;
            }
        }
        return new Route(method, encodeTarget(target));
    }

    /**
     * {@code target} with every character that RFC 3986 does not allow in a path or query percent-encoded; the
     * allowed ones (letters, digits, {@code -._~!$&'()*+,;=:@/?} and valid {@code %XX}) are kept, so a target that
     * is already valid is returned unchanged (the same object).
     */
    static String encodeTarget(String target) {
        int i = 0;
        while (i < target.length() && allowed(target, i)) {
            i++;
        }
        if (i == target.length()) {
            return target;
        }
        StringBuilder b = new StringBuilder(target.length() + 16).append(target, 0, i);
        for (; i < target.length(); i++) {
            if (allowed(target, i)) {
                b.append(target.charAt(i));
                continue;
            }
            int cp = target.codePointAt(i);
            if (Character.charCount(cp) == 2) {
                i++;
            }
            for (byte x : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                b.append('%').append(HEX.charAt((x >> 4) & 15)).append(HEX.charAt(x & 15));
            }
        }
        return b.toString();
    }

    private static final String HEX = "0123456789ABCDEF";
    private static final String ALLOWED_MARKS = "-._~!$&'()*+,;=:@/?";

    private static boolean allowed(String s, int i) {
        char c = s.charAt(i);
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ALLOWED_MARKS.indexOf(c) >= 0) {
            return true;
        }
        return c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2));
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    HttpString methodString() {
        return HttpString.tryFromString(method);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
