package io.ratelab.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a simulated client is to the server: a key sent in a header (e.g. {@code X-Api-Key: client-17}), its own
 * loopback source address (for per-IP limits), or neither.
 *
 * @param key           the client's key, as the limiter will see it ({@code client-17}, or the source address)
 * @param headerName    the header carrying {@code key}, or null
 * @param sourceAddress the local address to bind connections to, or null for the default
 */
public record ClientIdentity(String key, String headerName, InetAddress sourceAddress) {

    /** The first source address handed out by {@link #sourceAddresses}: 127.0.0.2 (127.0.0.1 is left to servers). */
    public static final int FIRST_SOURCE_OFFSET = 2;
    private static final int LOOPBACK_SIZE = 1 << 24;

    public ClientIdentity {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: a client identity needs a non-empty key");
        }
        if (headerName != null && !headerName.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("headerName: '" + headerName + "' is not a valid HTTP header name");
        }
    }

    /** One anonymous client: no key header, the default source address. */
    public static List<ClientIdentity> anonymous() {
        return List.of(new ClientIdentity("anonymous", null, null));
    }

    /** {@code count} clients sending {@code header: client-0} ... {@code client-(count-1)}. */
    public static List<ClientIdentity> headers(String header, int count) {
        requirePositive(count);
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("key header: a header name is required, e.g. X-Api-Key");
        }
        List<ClientIdentity> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ClientIdentity("client-" + i, header, null));
        }
        return List.copyOf(out);
    }

    /**
     * {@code count} clients, each binding its connections to its own loopback address: 127.0.0.2, 127.0.0.3, ...
     * (counting on through 127.0.1.0 and beyond; at most 2^24 - 2 clients).
     */
    public static List<ClientIdentity> sourceAddresses(int count) {
        requirePositive(count);
        if (count > LOOPBACK_SIZE - FIRST_SOURCE_OFFSET - 1) {
            throw new IllegalArgumentException("clients: 127.0.0.0/8 holds at most " + (LOOPBACK_SIZE - 3)
                    + " source addresses, got " + count);
        }
        List<ClientIdentity> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            InetAddress a = loopback(i + FIRST_SOURCE_OFFSET);
            out.add(new ClientIdentity(a.getHostAddress(), null, a));
        }
        return List.copyOf(out);
    }

    /** The loopback address {@code 127.0.0.0 + offset}, for {@code 0 < offset < 2^24 - 1}. */
    public static InetAddress loopback(int offset) {
        if (offset <= 0 || offset >= LOOPBACK_SIZE - 1) {
            throw new IllegalArgumentException("a loopback offset must be in 1.." + (LOOPBACK_SIZE - 2) + ", got "
                    + offset);
        }
        byte[] b = {127, (byte) (offset >>> 16), (byte) (offset >>> 8), (byte) offset};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    private static void requirePositive(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("clients: the number of clients must be positive, got " + count);
        }
    }
}
