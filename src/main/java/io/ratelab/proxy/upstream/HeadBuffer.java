package io.ratelab.proxy.upstream;

import io.undertow.util.HttpString;

import java.nio.ByteBuffer;

/**
 * A growable byte buffer that an HTTP head is written into as ISO-8859-1, reused for every request of one upstream
 * connection. Not thread-safe.
 */
final class HeadBuffer {

    private byte[] bytes = new byte[2048];
    private int size;
    private ByteBuffer view = ByteBuffer.wrap(bytes);

    HeadBuffer clear() {
        size = 0;
        return this;
    }

    HeadBuffer put(HttpString s) {
        ensure(s.length());
        s.copyTo(bytes, size);
        size += s.length();
        return this;
    }

    HeadBuffer put(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    HeadBuffer put(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    HeadBuffer field(HttpString name, String value) {
        return put(name).put(':').put(' ').put(value).crlf();
    }

    HeadBuffer crlf() {
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        return this;
    }

    /** The written bytes, ready to be written to a channel (position 0, limit = size). */
    ByteBuffer flip() {
        view.clear().limit(size);
        return view;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            byte[] grown = new byte[Math.max(bytes.length * 2, size + more)];
            System.arraycopy(bytes, 0, grown, 0, size);
            bytes = grown;
            view = ByteBuffer.wrap(bytes);
        }
    }
}
