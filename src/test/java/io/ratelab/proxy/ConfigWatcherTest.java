package io.ratelab.proxy;

import io.ratelab.proxy.demo.DemoUpstream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.ratelab.proxy.ProxyFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves --watch with a Kubernetes ConfigMap layout: {@code config.yaml -> ..data/config.yaml}, {@code ..data ->
 * ..v1}, updated by atomically swapping the {@code ..data} symlink; a bad update is refused and the old limiter stays.
 */
class ConfigWatcherTest {

    @Test
    void aConfigMapSymlinkSwapReloadsAndABadOneIsRefused(@TempDir Path dir) throws Exception {
        try (DemoUpstream upstream = demo()) {
            String base = "upstream: http://" + upstream.listenAddress() + "\nlisten: 127.0.0.1:0\nadmin: 127.0.0.1:0\n";
            version(dir, "..v1", base + "limiter: {algorithm: token-bucket, rate: 1/m, burst: 1, name: one}\n");
            Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
            Path config = dir.resolve("config.yaml");
            Files.createSymbolicLink(config, Path.of("..data/config.yaml"));

            LimitingProxy proxy = LimitingProxy.start(ProxyConfig.read(config));
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            try (ConfigWatcher watcher = ConfigWatcher.start(config,
                    () -> events.add("applied: " + proxy.reload(ProxyConfig.read(config))),
                    e -> events.add("refused: " + e.getMessage()))) {
                assertEquals("one", proxy.settings().limiter().name());

                version(dir, "..v2", base + "limiter: {algorithm: token-bucket, rate: 1/m, burst: 5, name: two}\n");
                swap(dir, "..v2");
                String applied = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(applied, "no reload within 20 s: " + watcher);
                assertTrue(applied.startsWith("applied: "), applied);
                assertEquals("two", proxy.settings().limiter().name());

                version(dir, "..v3", base + "limiter: {algorithm: token-bucket, rate: 1/m}\n");
                swap(dir, "..v3");
                String refused = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(refused, "no reaction within 20 s");
                assertTrue(refused.startsWith("refused: ") && refused.contains("burst"), refused);
                assertEquals("two", proxy.settings().limiter().name(), "the old limiter stays");
                assertEquals(200, get(client(), url(proxy.listenAddress())).statusCode());
            } finally {
                proxy.close();
            }
        }
    }

    private static void version(Path dir, String name, String content) throws Exception {
        Files.createDirectory(dir.resolve(name));
        Files.writeString(dir.resolve(name).resolve("config.yaml"), content);
    }

    /** What the kubelet does: a new symlink under a temporary name, renamed over {@code ..data}. */
    private static void swap(Path dir, String target) throws Exception {
        Path tmp = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, Path.of(target));
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
