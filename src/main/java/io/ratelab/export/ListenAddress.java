package io.ratelab.export;

/**
 * Where the exported proxy listens, {@code host:port} ({@code 127.0.0.1:8080}, {@code [::1]:8080},
 * {@code 0.0.0.0:8080}).
 *
 * @param host a numeric address or host name, without brackets
 * @param port 1-65535
 */
public record ListenAddress(String host, int port) {

    /** The default of every export: loopback port 8080. */
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 8080);

    public ListenAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("listen: a host is required, as in 127.0.0.1:8080");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("listen: the port must be 1-65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public static ListenAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("listen: '" + text + "' is not host:port, e.g. 127.0.0.1:8080");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new ListenAddress(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen: '" + text + "': the port is not a number");
        }
    }

    /** True for 127.0.0.0/8, ::1 and localhost. */
    public boolean isLoopback() {
        return host.startsWith("127.") || host.equals("::1") || host.equalsIgnoreCase("localhost");
    }

    /** True when the host is an IPv6 literal. */
    public boolean isIpv6() {
        return host.indexOf(':') >= 0;
    }

    /** The same port on another host. */
    public ListenAddress withHost(String newHost) {
        return new ListenAddress(newHost, port);
    }

    @Override
    public String toString() {
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }
}
