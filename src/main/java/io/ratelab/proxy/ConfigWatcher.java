package io.ratelab.proxy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a config file and calls {@code reload} when its content changes. It watches the file's directory, not the
 * file, and compares content: a Kubernetes ConfigMap volume replaces files by swapping the {@code ..data} symlink, so
 * the watched name never sees an event of its own, and editors often write a file several times. Events arriving
 * within 100 ms are coalesced into one reload. A reload that throws is handed to {@code refused} and the watcher goes
 * on; the caller keeps its old configuration. Runs one daemon thread.
 */
public final class ConfigWatcher implements AutoCloseable {

    /** Re-reads and applies the configuration; throws to refuse it. */
    @FunctionalInterface
    public interface Reload {
        void run() throws Exception;
    }

    private final Path file;
    private final WatchService watch;
    private final Reload reload;
    private final Consumer<Exception> refused;
    private final Thread thread;
    private String lastContent;

    private ConfigWatcher(Path file, Reload reload, Consumer<Exception> refused) throws IOException {
        this.file = file.toAbsolutePath();
        this.reload = reload;
        this.refused = refused;
        this.lastContent = read();
        this.watch = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.thread = new Thread(this::loop, "ratelab-config-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Starts watching {@code file}.
     *
     * @throws IOException when its directory cannot be watched
     */
    public static ConfigWatcher start(Path file, Reload reload, Consumer<Exception> refused) throws IOException {
        return new ConfigWatcher(file, reload, refused);
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                key.pollEvents();
                key.reset();
                WatchKey more;
                while ((more = watch.poll(100, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                check();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    private void check() {
        String content;
        try {
            content = read();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            refused.accept(e);
            return;
        }
        if (content == null || content.equals(lastContent)) {
            return;
        }
        lastContent = content;
        try {
            reload.run();
        } catch (Exception e) {
            refused.accept(e);
        }
    }

    private String read() throws IOException {
        return Files.readString(file);
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            // nothing left to release
        }
        thread.interrupt();
    }

    @Override
    public String toString() {
        return "watching " + file;
    }
}
