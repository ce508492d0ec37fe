package io.ratelab.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Redis on loopback that speaks just enough RESP2 for {@link RedisStore} (HELLO refused, CLIENT, SCRIPT LOAD,
 * EVALSHA answered {@code [1, 10, 9, -1, 0]}, PING) and can be stalled like a {@code SIGSTOP}ped server: while
 * stalled it reads commands and answers none; {@link #wake()} answers the queued ones in order, as a woken server
 * would. It counts the limit scripts and pings that reached it while stalled: the backlog a wake releases.
 */
final class StallingRedis implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> clients = new ArrayList<>();
    private final AtomicInteger scriptsWhileStalled = new AtomicInteger();
    private final AtomicInteger pingsWhileStalled = new AtomicInteger();
    private final AtomicInteger scripts = new AtomicInteger();
    private final Object lock = new Object();
    private boolean stalled;

    private StallingRedis() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "stalling-redis-accept");
        t.setDaemon(true);
        t.start();
    }

    static StallingRedis start() throws IOException {
        return new StallingRedis();
    }

    String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on, commands are read but not answered. */
    void stall() {
        synchronized (lock) {
            stalled = true;
        }
    }

    /** Answers every queued command in order and serves normally again. */
    void wake() {
        synchronized (lock) {
            stalled = false;
            lock.notifyAll();
        }
    }

    /** EVALSHA calls that arrived while stalled. */
    int scriptsWhileStalled() {
        return scriptsWhileStalled.get();
    }

    /** PINGs that arrived while stalled. */
    int pingsWhileStalled() {
        return pingsWhileStalled.get();
    }

    /** EVALSHA calls that arrived at all. */
    int scripts() {
        return scripts.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket s = server.accept();
                synchronized (clients) {
                    clients.add(s);
                }
                Thread t = new Thread(() -> serve(s), "stalling-redis-conn");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Reads every command as it comes (counting it), and answers in order on a second thread unless stalled. */
    private void serve(Socket s) {
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        Thread writer = new Thread(() -> answer(s, replies), "stalling-redis-reply");
        writer.setDaemon(true);
        writer.start();
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            List<String> command;
            while ((command = read(in)) != null) {
                String name = command.get(0).toUpperCase();
                boolean wasStalled;
                synchronized (lock) {
                    wasStalled = stalled;
                }
                if (name.equals("EVALSHA")) {
                    scripts.incrementAndGet();
                    if (wasStalled) {
                        scriptsWhileStalled.incrementAndGet();
                    }
                } else if (name.equals("PING") && wasStalled) {
                    pingsWhileStalled.incrementAndGet();
                }
                replies.add(reply(name));
            }
        } catch (IOException e) {
            // the client went away or the fake closed
        } finally {
            writer.interrupt();
        }
    }

    private void answer(Socket s, BlockingQueue<String> replies) {
        try {
            OutputStream out = s.getOutputStream();
            while (true) {
                String r = replies.take();
                synchronized (lock) {
                    while (stalled) {
                        lock.wait();
                    }
                }
                out.write(r.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private static String reply(String name) {
        return switch (name) {
            case "HELLO" -> "-ERR unknown command 'HELLO'\r\n";
            case "PING" -> "+PONG\r\n";
            case "SCRIPT" -> bulk("0123456789abcdef0123456789abcdef01234567");
            case "EVALSHA" -> "*5\r\n:1\r\n:10\r\n:9\r\n:-1\r\n:0\r\n";
            default -> "+OK\r\n";
        };
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    /** One RESP array of bulk strings, or null at the end of the stream. */
    private static List<String> read(InputStream in) throws IOException {
        String head = line(in);
        if (head == null) {
            return null;
        }
        if (!head.startsWith("*")) {
            return List.of(head.trim().split(" ")[0]);
        }
        int n = Integer.parseInt(head.substring(1));
        List<String> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String len = line(in);
            if (len == null) {
                return null;
            }
            byte[] b = in.readNBytes(Integer.parseInt(len.substring(1)) + 2);
            parts.add(new String(b, 0, Math.max(0, b.length - 2), StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return b.toString().stripTrailing();
            }
            b.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        wake();
        server.close();
        synchronized (clients) {
            for (Socket s : clients) {
                s.close();
            }
        }
    }
}
