package io.ratelab.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A client that writes raw bytes to the proxy, as a hostile or broken client would, and reads responses one at a time.
 * Every read is bounded (the socket timeout, generous for a loaded machine): a bound on a wait for an event, never
 * a pause for time to pass.
 */
final class RawClient implements AutoCloseable {

    /** One response: status, the head as text, the body. */
    record Response(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    static final int READ_BOUND_MILLIS = 20_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(HostPort proxy) throws IOException {
        this(proxy, InetAddress.getLoopbackAddress());
    }

    /** Connects from {@code source} (another 127.0.0.x address is another client). */
    RawClient(HostPort proxy, InetAddress source) throws IOException {
        socket = new Socket(InetAddress.getByName(proxy.host()), proxy.port(), source, 0);
        socket.setSoTimeout(READ_BOUND_MILLIS);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Closes the sending side (a FIN), keeping the receiving side open for the answer. */
    RawClient shutdownOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Reads one response (head, and a body framed by Content-Length); fails the test when none comes in time. */
    Response response() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = readByte();
            if (c < 0) {
                throw new IOException("the connection closed before a response head (read: " + head + ")");
            }
            head.write(c);
            state = c == '\r' && (state == 0 || state == 2) ? state + 1 : c == '\n' && (state == 1 || state == 3)
                    ? state + 1 : c == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Response noBody = new Response(Integer.parseInt(text.substring(9, 12)), text, "");
        String length = noBody.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(noBody.status(), text, new String(body, StandardCharsets.UTF_8));
    }

    /** True when the proxy closes the connection (end of stream or reset) before the read bound. */
    boolean closedByPeer() throws IOException {
        try {
            return readByte() < 0;
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("reset");
        }
    }

    private int readByte() throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer from the proxy within " + READ_BOUND_MILLIS + " ms");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
