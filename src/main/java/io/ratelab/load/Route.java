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
     * A recorded request line (a trace's), or null when it cannot be sent as is — no method, a method that is not
     * upper-case letters, a target that does not start with {@code /} or holds a space or control character — so the
     * caller falls back to the group's route. Validates with plain loops: it runs once per replayed request.
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
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return null;
            }
        }
        return new Route(method, target);
    }

    HttpString methodString() {
        return HttpString.tryFromString(method);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
