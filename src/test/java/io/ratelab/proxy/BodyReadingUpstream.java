package io.ratelab.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test upstream that reads each request's body the way a strict server (nginx) does, by its Content-Length or its
 * chunks, before answering {@code 200 got N bytes}; a body whose chunks do not parse is answered 400 and the connection
 * closed ("client sent invalid chunked body"). Requests on one connection are served in order, as a keep-alive
 * upstream serves a pooled proxy connection.
 */
final class BodyReadingUpstream extends SocketUpstream {

    /** One request as read: its head and body. */
    record Request(String head, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger badBodies = new AtomicInteger();

    BodyReadingUpstream() throws IOException {
        super("body-reading-upstream");
    }

    @Override
    void serve(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String head = line(in, true);
            if (head == null) {
                return;
            }
            String lower = head.toLowerCase(Locale.ROOT);
            String body;
            try {
                body = lower.contains("transfer-encoding: chunked") ? chunked(in) : fixed(in, lower);
            } catch (IOException e) {
                badBodies.incrementAndGet();
                out.write(answer(400, "invalid chunked body"));
                return;
            }
            requests.add(new Request(head, body));
            out.write(answer(200, "got " + body.length() + " bytes"));
            out.flush();
        }
    }

    private static byte[] answer(int status, String text) {
        return ("HTTP/1.1 " + status + " X\r\nContent-Length: " + text.length() + "\r\n\r\n" + text)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String fixed(InputStream in, String lowerHead) throws IOException {
        int at = lowerHead.indexOf("content-length:");
        if (at < 0) {
            return "";
        }
        int end = lowerHead.indexOf("\r\n", at);
        int n = Integer.parseInt(lowerHead.substring(at + 15, end).trim());
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    private static String chunked(InputStream in) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String sizeLine = line(in, false);
            if (sizeLine == null) {
                throw new IOException("closed in a chunked body");
            }
            int size;
            try {
                size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + sizeLine + "'");
            }
            if (size == 0) {
                while (!"".equals(line(in, false))) {
                    // trailer fields
                }
                return body.toString();
            }
            body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
            if (!"".equals(line(in, false))) {
                throw new IOException("chunk data longer than its size");
            }
        }
    }
}
