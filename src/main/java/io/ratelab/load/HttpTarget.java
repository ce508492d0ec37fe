package io.ratelab.load;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the generator sends its requests: an {@code http://host:port/path?query} URL, parsed and checked once.
 *
 * @param uri         the URL as given
 * @param host        host name or address
 * @param port        TCP port (80 when the URL has none)
 * @param pathAndQuery request target, starting with {@code /}
 */
public record HttpTarget(URI uri, String host, int port, String pathAndQuery) {

    public HttpTarget {
        if (uri == null || host == null || host.isEmpty()) {
            throw new IllegalArgumentException("target: a URL with a host is required");
        }
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("target: port " + port + " is outside 1..65535");
        }
        if (pathAndQuery == null || !pathAndQuery.startsWith("/")) {
            throw new IllegalArgumentException("target: the path must start with '/', got '" + pathAndQuery + "'");
        }
    }

    /**
     * Parses an {@code http://} URL.
     *
     * @throws IllegalArgumentException saying what is wrong with the URL (only plain HTTP/1.1 is supported)
     */
    public static HttpTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("target: '" + url + "' is not a URL: " + e.getReason());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("target: '" + url + "' must start with http:// (HTTPS is not supported"
                    + " by the load generator)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("target: '" + url + "' has no host");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new HttpTarget(uri, uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort(), path + query);
    }

    /** The value of the {@code Host} header. */
    public String hostHeader() {
        return uri.getPort() < 0 ? host : host + ":" + port;
    }

    /** The URI used to connect (scheme, host and port; the path is sent per request). */
    public URI connectUri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
