package io.ratelab.proxy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A listen address, written {@code host:port} ({@code 127.0.0.1:8080}, {@code [::1]:8080}); port 0 picks a free one.
 *
 * @param host numeric address or name to bind
 * @param port 0-65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required, as in 127.0.0.1:8080");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    @JsonCreator
    public static HostPort parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port, e.g. 127.0.0.1:8080");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        return new HostPort(host, port);
    }

    /** The same host with another port (the one actually bound when 0 was asked for). */
    public HostPort withPort(int newPort) {
        return new HostPort(host, newPort);
    }

    /**
     * True when every address this names is a loopback address (127.0.0.0/8, ::1); a name that does not
     * resolve, and the wildcard ({@code 0.0.0.0}, {@code ::}), are not.
     */
    public boolean isLoopback() {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
