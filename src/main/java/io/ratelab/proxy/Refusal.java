package io.ratelab.proxy;

import io.undertow.util.StatusCodes;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.StreamSourceConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Answers a client connection the proxy will not serve further with one plain-text response ({@code Connection:
 * close}), then closes it the way nginx's {@code lingering_close} does: the proxy stops sending, reads and discards
 * what the client still sends for up to {@value #LINGER_MILLIS} ms or {@value #LINGER_BYTES} bytes, and closes when
 * the client does. Closing at once, with the client's unread bytes still in the socket, would send a reset that can
 * destroy the answer before the client reads it. Runs on the connection's IO thread; not thread-safe.
 */
final class Refusal {

    static final long LINGER_MILLIS = 2000;
    static final int LINGER_BYTES = 64 * 1024;

    private final StreamConnection connection;
    private final StreamSourceConduit source;
    private final ByteBuffer answer;
    private final Runnable afterClose;
    private ByteBuffer scratch;
    private XnioExecutor.Key lingerTimer;
    private boolean lingering;
    private boolean closed;
    private int drained;

    /** @param source the raw read side, under the connection's own conduits */
    Refusal(StreamConnection connection, StreamSourceConduit source, int status, String message, Runnable afterClose) {
        this.connection = connection;
        this.source = source;
        this.answer = answer(status, message);
        this.afterClose = afterClose;
    }

    /** The bytes of the answer: status line, fields, and the message as a one-line body. */
    static ByteBuffer answer(int status, String message) {
        byte[] body = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + StatusCodes.getReason(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        ByteBuffer b = ByteBuffer.allocate(head.length() + body.length);
        b.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
        return b;
    }

    void start() {
        // no reads until the answer is out (a readable socket would otherwise call back over and over)
        source.suspendReads();
        write();
    }

    private void write() {
        ConduitStreamSinkChannel sink = connection.getSinkChannel();
        try {
            while (answer.hasRemaining()) {
                if (sink.write(answer) == 0) {
                    sink.getWriteSetter().set(ch -> write());
                    sink.resumeWrites();
                    return;
                }
            }
            sink.shutdownWrites();
            if (!sink.flush()) {
                sink.getWriteSetter().set(ch -> write());
                sink.resumeWrites();
                return;
            }
            sink.suspendWrites();
        } catch (IOException e) {
            close();
            return;
        }
        linger();
    }

    private void linger() {
        if (lingering || closed) {
            return;
        }
        lingering = true;
        lingerTimer = connection.getIoThread().executeAfter(this::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        source.resumeReads();
        readable();
    }

    /** The connection is readable (called by its reader while refusing): discard what came. */
    void readable() {
        if (!lingering || closed) {
            return;
        }
        if (scratch == null) {
            scratch = ByteBuffer.allocate(4096);
        }
        try {
            while (true) {
                scratch.clear();
                int n = source.read(scratch);
                if (n == 0) {
                    return;
                }
                if (n < 0 || (drained += n) > LINGER_BYTES) {
                    close();
                    return;
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (lingerTimer != null) {
            lingerTimer.remove();
        }
        IoUtils.safeClose(connection);
        if (afterClose != null) {
            afterClose.run();
        }
    }
}
