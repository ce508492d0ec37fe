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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test upstream that answers each request head with raw bytes the test chooses (so it can send chunked, unframed,
 * interim, odd or broken responses), then keeps the connection or closes it.
 */
final class ScriptedUpstream implements AutoCloseable {

    /** A raw answer: the bytes, and whether to close the connection after them. */
    record Answer(byte[] bytes, boolean close) {
        static Answer of(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Answer closing(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    final List<String> heads = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final Function<String, Answer> script;

    ScriptedUpstream(Function<String, Answer> script) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread t = new Thread(this::accept, "scripted-upstream");
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
                Thread t = new Thread(() -> serve(s), "scripted-upstream-conn");
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
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                heads.add(head);
                Answer a = script.apply(head);
                out.write(a.bytes());
                out.flush();
                if (a.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // gone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
