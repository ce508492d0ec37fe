package io.ratelab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What the blocking test upstreams share: a loopback server socket, one daemon thread per connection, and reading a
 * request head or a line byte by byte. A subclass answers one connection's requests in {@link #serve}.
 */
abstract class SocketUpstream implements AutoCloseable {

    private final ServerSocket server;

    SocketUpstream(String name) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> accept(name), name);
        t.setDaemon(true);
        t.start();
    }

    HostPort address() {
        return HostPort.parse("127.0.0.1:" + server.getLocalPort());
    }

    /** Serves one connection's requests in order, as a keep-alive upstream serves a pooled proxy connection. */
    abstract void serve(InputStream in, OutputStream out) throws IOException;

    private void accept(String name) {
        try {
            while (true) {
                Socket s = server.accept();
                Thread t = new Thread(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        serve(in, out);
                    } catch (IOException e) {
                        // gone
                    }
                }, name + "-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** A line without its CRLF; with {@code head}, a whole head up to its empty line. Null at end of stream. */
    static String line(InputStream in, boolean head) throws IOException {
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
