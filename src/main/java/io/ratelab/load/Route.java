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

    HttpString methodString() {
        return HttpString.tryFromString(method);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
