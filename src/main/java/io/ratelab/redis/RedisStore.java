package io.ratelab.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the Redis that holds shared limits, through Lettuce's asynchronous API: the limit scripts are
 * loaded once ({@code SCRIPT LOAD}) and called by SHA ({@code EVALSHA}); a server that lost them (a restart) answers
 * {@code NOSCRIPT} and the script is loaded again and the call repeated.
 *
 * <p>Nothing waits on a dead Redis: every command times out after {@code commandTimeout}, while the connection is down
 * commands fail at once instead of queueing, and once calls have failed the {@link StoreHealth} breaker keeps requests
 * away from Redis until a probe answers (a hung server, whose connection stays open, costs a few timeouts). Lettuce
 * reconnects in the background (10 ms, doubling to 1 s between attempts); the first answered call after that is the
 * store's recovery. Thread-safe (one multiplexed connection serves every thread).
 */
public final class RedisStore implements AutoCloseable {

    private final String target;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final Map<RedisScript, String> shas = new EnumMap<>(RedisScript.class);
    private final StoreHealth health;
    private final Duration commandTimeout;

    private RedisStore(RedisURI uri, Duration commandTimeout) {
        this.target = uri.getHost() + ":" + uri.getPort();
        this.commandTimeout = commandTimeout;
        this.health = new StoreHealth(target);
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        StatefulRedisConnection<String, String> c;
        try {
            c = client.connect();
            c.setTimeout(Duration.ofSeconds(2));
            for (RedisScript s : RedisScript.values()) {
                shas.put(s, c.sync().scriptLoad(s.body()));
            }
            c.setTimeout(commandTimeout);
        } catch (RedisException e) {
            close(client, resources);
            throw new IllegalArgumentException("store: cannot reach Redis at " + target + " (" + e.getMessage()
                    + "); start redis-server or use store: local", e);
        }
        this.connection = c;
        this.commands = c.async();
    }

    /**
     * Connects to {@code redis://host:port[/db]} and loads the scripts.
     *
     * @param commandTimeout how long one call may take before the failure policy decides instead (e.g. 50 ms)
     * @throws IllegalArgumentException when the URL is not a redis:// URL or Redis does not answer at start
     */
    public static RedisStore connect(String url, Duration commandTimeout) {
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("storeTimeout: must be positive, got " + commandTimeout);
        }
        return new RedisStore(parse(url), commandTimeout);
    }

    /** Parses a {@code redis://host:port} store URL, naming the field when it is not one. */
    public static RedisURI parse(String url) {
        if (url == null || !url.startsWith("redis://")) {
            throw new IllegalArgumentException("store: '" + url + "' is neither local nor a redis://host:port URL");
        }
        try {
            return RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store: '" + url + "' is not a redis://host:port URL: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code script} on {@code key}; the stage completes on a Lettuce thread with the script's reply, or
     * exceptionally on a timeout or a lost connection.
     */
    CompletionStage<List<Long>> run(RedisScript script, String key, String[] argv) {
        String[] keys = {key};
        CompletionStage<List<Long>> first = commands.evalsha(shas.get(script), ScriptOutputType.MULTI, keys, argv);
        return first.handle((reply, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(reply);
            }
            if (unwrap(error) instanceof RedisNoScriptException) {
                return commands.scriptLoad(script.body())
                        .thenCompose(sha -> commands.<List<Long>>evalsha(sha, ScriptOutputType.MULTI, keys, argv));
            }
            return CompletableFuture.<List<Long>>failedFuture(error);
        }).thenCompose(s -> s);
    }

    /**
     * Sends the breaker's probe when one is due ({@link StoreHealth#claimProbe()}): a {@code PING}, which changes
     * nothing in Redis, so probes left queued in a hung server are harmless when it wakes. Returns at once.
     */
    void probeIfDue() {
        if (!health.claimProbe()) {
            return;
        }
        commands.ping().whenComplete((pong, error) -> {
            if (error == null) {
                health.succeeded();
            } else {
                health.probeFailed();
            }
        });
    }

    /** Health counters and the up/down state of this store. */
    public StoreHealth health() {
        return health;
    }

    /** How long a call may take before the failure policy decides. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** {@code host:port} of the server. */
    public String target() {
        return target;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Closes the connection and the client's threads. */
    @Override
    public void close() {
        connection.close();
        close(client, resources);
    }

    private static void close(RedisClient client, ClientResources resources) {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "redis " + target;
    }
}
