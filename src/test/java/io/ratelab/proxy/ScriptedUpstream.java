package io.ratelab.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test upstream that answers each request head with raw bytes the test chooses (so it can send chunked, unframed,
 * interim, odd or broken responses), then keeps the connection or closes it.
 */
final class ScriptedUpstream extends SocketUpstream {

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
    private final Function<String, Answer> script;

    ScriptedUpstream(Function<String, Answer> script) throws IOException {
        super("scripted-upstream");
        this.script = script;
    }

    @Override
    void serve(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String head = line(in, true);
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
    }
}
