package io.ratelab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
final class BodyReadingUpstream implements AutoCloseable {

    /** One request as read: its head and body. */
    record Request(String head, String body) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger badBodies = new AtomicInteger();
    private final ServerSocket server;

    BodyReadingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "body-reading-upstream");
        t.setDaemon(true);
        t.start();
    }

    HostPort address() {
        return HostPort.parse("127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "body-reading-upstream-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
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
        } catch (IOException e) {
            // gone
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

    /** A line without its CRLF; with {@code head}, a whole head up to its empty line. Null at end of stream. */
    private static String line(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (head && n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            if (!head && n >= 2 && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return new String(a, 0, n - 2, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
