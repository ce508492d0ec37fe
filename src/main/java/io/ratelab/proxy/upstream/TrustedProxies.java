package io.ratelab.proxy.upstream;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The peers whose {@code X-Forwarded-For} the proxy believes: a list of CIDR blocks ({@code 10.0.0.0/8},
 * {@code 127.0.0.1/32}, {@code ::1/128}; a bare address means a single host). Immutable and thread-safe.
 */
public final class TrustedProxies {

    /** Trusts nobody: the key is always the TCP peer. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    private final List<byte[]> networks;
    private final List<Integer> prefixes;
    private final List<String> texts;

    private TrustedProxies(List<byte[]> networks, List<Integer> prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
        List<String> t = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            t.add(format(networks.get(i), prefixes.get(i)));
        }
        this.texts = Collections.unmodifiableList(t);
    }

    /**
     * Parses CIDR blocks; only numeric addresses are accepted (no DNS lookups).
     *
     * @throws IllegalArgumentException naming the entry that is not a CIDR block
     */
    public static TrustedProxies parse(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return NONE;
        }
        List<byte[]> nets = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (String cidr : cidrs) {
            String text = cidr == null ? "" : cidr.trim();
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            byte[] bytes = parseNumeric(addr, cidr);
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("trustedProxies: '" + cidr + "' has a bad prefix length;"
                            + " use 0-" + bytes.length * 8);
                }
            }
            nets.add(mask(bytes, prefix));
            prefixes.add(prefix);
        }
        return new TrustedProxies(List.copyOf(nets), List.copyOf(prefixes));
    }

    /** True when {@code address} lies in one of the blocks. IPv4-mapped IPv6 addresses match IPv4 blocks. */
    public boolean contains(InetAddress address) {
        if (networks.isEmpty() || address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < networks.size(); i++) {
            byte[] net = networks.get(i);
            if (net.length == a.length && matches(a, net, prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** True when no peer is trusted. */
    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /** The blocks in canonical form, for config output. */
    public List<String> asText() {
        return texts;
    }

    /**
     * Parses a numeric IPv4 ({@code a.b.c.d}) or IPv6 literal, or returns {@code null} when {@code text} is not one.
     * Never resolves a name: this runs on IO threads and on client-supplied text.
     */
    public static InetAddress numericOrNull(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.indexOf(':') >= 0) {
                // brackets make the JDK parse an IPv6 literal or fail, never look the name up
                return InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]");
            }
            byte[] v4 = parseIpv4(text);
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseNumeric(String addr, String whole) {
        InetAddress a = numericOrNull(addr);
        if (a == null) {
            throw new IllegalArgumentException("trustedProxies: '" + whole + "' is not a CIDR block such as"
                    + " 10.0.0.0/8 or ::1/128");
        }
        return a.getAddress();
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] m = bytes.clone();
        for (int bit = prefix; bit < m.length * 8; bit++) {
            m[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return m;
    }

    private static boolean matches(byte[] a, byte[] net, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (net[full] & 0xFF);
    }

    private static String format(byte[] net, int prefix) {
        try {
            return InetAddress.getByAddress(net).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return texts.isEmpty() ? "none" : String.join(",", texts);
    }
}
