package io.ratelab.proxy;

/**
 * The request line of one request head, read byte by byte for {@link RequestFraming}: empty lines before it are
 * skipped, then {@code METHOD SP target SP HTTP/1.x} — a method of token characters, a target without controls or
 * spaces, and version {@code HTTP/1.x} (another major version is refused with 505, anything else with 400). Each
 * {@link #next} byte says whether the line goes on, ended, or was refused ({@link #status()}, {@link #reason()}).
 * Not thread-safe (one connection, one IO thread).
 */
final class RequestLine {

    /** {@link #next}: the line goes on. */
    static final int MORE = 0;
    /** {@link #next}: the line ended with CR; an LF must follow. */
    static final int CR = 1;
    /** {@link #next}: the line ended with a bare LF. */
    static final int LF = 2;
    /** {@link #next}: refused; see {@link #status()} and {@link #reason()}. */
    static final int REFUSED = 3;

    private static final int LEADING = 0;
    private static final int METHOD = 1;
    private static final int TARGET = 2;
    private static final int VERSION = 3;
    private static final String CONNECT = "CONNECT";
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private int part = LEADING;
    private int methodLength;
    /** The method read so far is a prefix of CONNECT. */
    private boolean connect;
    private int versionIndex;
    private int major;
    private int minor;
    private int status;
    private String reason;

    /** True for an RFC 9110 token character (methods, field names). */
    static boolean isTokenChar(int c) {
        return TCHAR[c];
    }

    /** A byte as {@code 0x..}, for a refusal reason. */
    static String hex(int c) {
        return String.format("0x%02x", c);
    }

    /** A new head begins. */
    void reset() {
        part = LEADING;
    }

    /** The minor version of the line read ({@code x} in {@code HTTP/1.x}). */
    int minor() {
        return minor;
    }

    /** The status of a refusal: 400, 501 for CONNECT, or 505 for another HTTP major version. */
    int status() {
        return status;
    }

    /** Why the line was refused. */
    String reason() {
        return reason;
    }

    /** One byte of the line (0-255): {@link #MORE}, {@link #CR}, {@link #LF} or {@link #REFUSED}. */
    int next(int c) {
        switch (part) {
            case LEADING -> {
                if (c != '\r' && c != '\n') {
                    if (!TCHAR[c]) {
                        return refuse(400, "the request line does not start with a method");
                    }
                    part = METHOD;
                    methodLength = 1;
                    connect = c == 'C';
                }
            }
            case METHOD -> {
                if (c == ' ') {
                    if (connect && methodLength == CONNECT.length()) {
                        // a 2xx would turn the pooled upstream connection into a tunnel the next client's request
                        // would be written into
                        return refuse(501, "CONNECT is not supported: this is a reverse proxy, not a tunnel");
                    }
                    part = TARGET;
                } else if (!TCHAR[c]) {
                    return refuse(400, "bad character " + hex(c) + " in the method");
                } else {
                    connect &= methodLength < CONNECT.length() && c == CONNECT.charAt(methodLength);
                    methodLength++;
                }
            }
            case TARGET -> {
                if (c == ' ') {
                    part = VERSION;
                    versionIndex = 0;
                } else if (c < 0x21 || c == 0x7f) {
                    return refuse(400, "bad character " + hex(c) + " in the request target");
                }
            }
            default -> {
                int end = version(c);
                if (end == REFUSED) {
                    return refuse(400, "the request line does not end with HTTP/1.x");
                }
                if (versionIndex == 8 && major != 1) {
                    return refuse(505, "HTTP/" + major + "." + minor + " is not supported");
                }
                return end;
            }
        }
        return MORE;
    }

    private int version(int c) {
        int i = versionIndex++;
        if (i < 5) {
            return c == HTTP_SLASH[i] ? MORE : REFUSED;
        }
        if (i == 5 || i == 7) {
            if (c < '0' || c > '9') {
                return REFUSED;
            }
            if (i == 5) {
                major = c - '0';
            } else {
                minor = c - '0';
            }
            return MORE;
        }
        if (i == 6) {
            return c == '.' ? MORE : REFUSED;
        }
        if (i == 8 && c == '\r') {
            return CR;
        }
        if (i == 8 && c == '\n') {
            return LF;
        }
        return REFUSED;
    }

    private int refuse(int refusal, String why) {
        status = refusal;
        reason = why;
        return REFUSED;
    }
}
