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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A scripted upstream on a plain server socket, for the paths a well-behaved server never takes: it counts requests
 * (a latch per request head read), answers only when the test releases a permit, and can close a connection after
 * each answer without saying so ({@code Connection: keep-alive} promised, then closed).
 */
final class RawUpstream implements AutoCloseable {

    final CountDownLatch firstRequest = new CountDownLatch(1);
    /** Permits to answer, handed out in the order requests arrived (fair). */
    final Semaphore answers = new Semaphore(0, true);
    /** One permit per request head read. */
    final Semaphore arrivals = new Semaphore(0);
    final List<String> heads = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final boolean closeAfterAnswer;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param answerAtOnce     answer every request immediately (otherwise wait for a permit in {@link #answers})
     * @param closeAfterAnswer close the connection right after each answer although it promised keep-alive
     */
    RawUpstream(boolean answerAtOnce, boolean closeAfterAnswer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.closeAfterAnswer = closeAfterAnswer;
        if (answerAtOnce) {
            answers.release(Integer.MAX_VALUE / 2);
        }
        this.acceptor = new Thread(this::acceptLoop, "raw-upstream");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    HostPort address() {
        return HostPort.parse("127.0.0.1:" + server.getLocalPort());
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = server.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "raw-upstream-conn");
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
                firstRequest.countDown();
                arrivals.release();
                answers.acquire();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nslow\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (closeAfterAnswer) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection gone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1
                    : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return b.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
