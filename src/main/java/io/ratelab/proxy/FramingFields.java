package io.ratelab.proxy;

import java.util.Locale;

/**
 * The field lines of one request head that decide its framing, as {@link RequestFraming} reads them byte by byte:
 * {@code Content-Length} (digits only, at most 63 bits, once), {@code Transfer-Encoding} (its lines form one list,
 * which must end with {@code chunked}, once; another coding is 501) and {@code Host} (counted). At the end of the head
 * {@link #endOfHead} says whether they agree, and {@link #chunked()} / {@link #contentLength()} give the body's
 * framing. It also keeps the field name being read (lower-cased, the first 20 characters) for refusal reasons.
 * Reasons are returned as text, {@code null} meaning all is well. Not thread-safe (one connection, one IO thread).
 */
final class FramingFields {

    private static final int OTHER = 0;
    private static final int CONTENT_LENGTH = 1;
    private static final int TRANSFER_ENCODING = 2;
    private static final int HOST = 3;

    private final char[] name = new char[20];
    private int nameLength;
    private int kind;
    private boolean valueStarted;
    private long contentLength;
    private int lengthDigits;
    private boolean lengthEnded;
    private boolean lengthSeen;
    private StringBuilder transferEncoding;
    private int hosts;
    /** The refusal is 501 (a transfer coding the proxy cannot forward), not 400. */
    private boolean notImplemented;

    /** A new head begins. */
    void reset() {
        lengthSeen = false;
        contentLength = 0;
        transferEncoding = null;
        hosts = 0;
        notImplemented = false;
    }

    /** The first character of a field name. */
    void startName(int c) {
        nameLength = 0;
        name(c);
    }

    /** The next character of a field name. */
    void name(int c) {
        if (nameLength < name.length) {
            name[nameLength] = (char) (c | 0x20);
        }
        nameLength++;
    }

    /** The field name read so far, for a refusal reason. */
    String nameText() {
        return new String(name, 0, Math.min(nameLength, name.length)) + (nameLength > name.length ? "..." : "");
    }

    /** The colon: the value begins. {@code framing}: false in a trailer section, whose fields frame nothing. */
    void startValue(boolean framing) {
        kind = framing ? kindOfName() : OTHER;
        valueStarted = false;
    }

    /** One value byte (not CR, LF or a control character); returns a reason to refuse, or null. */
    String value(int c) {
        boolean space = c == ' ' || c == '\t';
        if (!valueStarted && space) {
            return null;
        }
        valueStarted = true;
        if (kind == CONTENT_LENGTH) {
            if (space) {
                lengthEnded = true;
            } else if (c < '0' || c > '9' || lengthEnded) {
                return "Content-Length is not a number";
            } else {
                int d = c - '0';
                if (contentLength > (Long.MAX_VALUE - d) / 10) {
                    return "Content-Length does not fit in 63 bits";
                }
                contentLength = contentLength * 10 + d;
                lengthDigits++;
            }
        } else if (kind == TRANSFER_ENCODING) {
            transferEncoding.append((char) c);
        }
        return null;
    }

    /** A field line ended. Returns a reason to refuse, or null. */
    String endOfLine() {
        return switch (kind) {
            case CONTENT_LENGTH -> {
                if (lengthDigits == 0) {
                    yield "Content-Length is not a number";
                }
                if (lengthSeen) {
                    yield "more than one Content-Length";
                }
                lengthSeen = true;
                yield null;
            }
            case HOST -> {
                hosts++;
                yield null;
            }
            default -> null;
        };
    }

    /**
     * The head ended; {@code minor} is its HTTP/1.x minor version. Returns a reason to refuse (the framing fields
     * disagree, or Host is missing or repeated), or null.
     */
    String endOfHead(int minor) {
        if (transferEncoding != null) {
            if (lengthSeen) {
                return "both Transfer-Encoding and Content-Length";
            }
            if (minor == 0) {
                return "Transfer-Encoding in an HTTP/1.0 request";
            }
            String bad = chunkedLast(transferEncoding.toString());
            if (bad != null) {
                return bad;
            }
        }
        if (minor >= 1 ? hosts != 1 : hosts > 1) {
            return hosts == 0 ? "an HTTP/1.1 request without Host" : "more than one Host";
        }
        return null;
    }

    /** True when the body is chunked (valid once {@link #endOfHead} returned null). */
    boolean chunked() {
        return transferEncoding != null;
    }

    /** The declared body length, 0 when none. */
    long contentLength() {
        return contentLength;
    }

    /** True when the refusal is 501: a transfer coding the proxy cannot forward. */
    boolean notImplemented() {
        return notImplemented;
    }

    private int kindOfName() {
        lengthDigits = 0;
        lengthEnded = false;
        if (nameLength == 4 && matches("host")) {
            return HOST;
        }
        if (nameLength == 14 && matches("content-length")) {
            return CONTENT_LENGTH;
        }
        if (nameLength == 17 && matches("transfer-encoding")) {
            // several Transfer-Encoding lines form one list
            if (transferEncoding == null) {
                transferEncoding = new StringBuilder(16);
            } else {
                transferEncoding.append(',');
            }
            return TRANSFER_ENCODING;
        }
        return OTHER;
    }

    private boolean matches(String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if (name[i] != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Null when the codings end with chunked and hold nothing else; 400 or 501 reasons otherwise. */
    private String chunkedLast(String codings) {
        String[] list = codings.toLowerCase(Locale.ROOT).split(",");
        int chunked = 0;
        String other = null;
        String last = null;
        for (String coding : list) {
            String t = coding.trim();
            if (t.isEmpty()) {
                continue;
            }
            last = t;
            if (t.equals("chunked")) {
                chunked++;
            } else if (other == null) {
                other = t;
            }
        }
        if (!"chunked".equals(last) || chunked > 1) {
            return "Transfer-Encoding must end with chunked, once";
        }
        if (other != null) {
            notImplemented = true;
            return "transfer coding '" + other + "' is not implemented";
        }
        return null;
    }
}
