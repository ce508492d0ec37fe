package io.ratelab.ui;

import io.ratelab.scenario.FileFormats;
import io.ratelab.scenario.Scenario;
import io.ratelab.ui.limiter.LimiterPanelViewModel;
import io.ratelab.ui.traffic.TrafficPanelViewModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scenario being edited: where it came from, and its parts spread over the limiter and traffic panels. It
 * assembles a {@link Scenario} from the panels (validated by the scenario model itself), loads one into them, and
 * reads and writes files (YAML or JSON by extension, the same strict reader as {@code ratelab simulate}).
 * FX thread only; no nodes.
 */
public final class ScenarioDocument {

    /** The scenario a new window shows, from the classpath. */
    static final String DEFAULT_RESOURCE = "default-scenario.yaml";

    private final LimiterPanelViewModel limiters;
    private final TrafficPanelViewModel traffic;
    private Path file;
    private Path baseDir = Path.of("").toAbsolutePath();
    private String name = "scenario";
    private long seed = 1;
    private Integer replicas;
    private String store;
    private String redis;
    private io.ratelab.scenario.TuneSpec tune;
    private io.ratelab.scenario.NetworkSpec network;
    private Scenario saved;

    ScenarioDocument(LimiterPanelViewModel limiters, TrafficPanelViewModel traffic) {
        this.limiters = limiters;
        this.traffic = traffic;
    }

    /** The built-in default scenario; schedule files would resolve against the working directory. */
    static Scenario defaultScenario() {
        try (InputStream in = ScenarioDocument.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Scenario.parse(text, DEFAULT_RESOURCE, FileFormats.yaml(), Path.of("").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shows {@code s}; {@code from} is its file, or null for an unsaved one. */
    void load(Scenario s, Path from) {
        file = from;
        baseDir = from == null ? Path.of("").toAbsolutePath() : from.toAbsolutePath().getParent();
        name = s.name();
        seed = s.seed();
        replicas = s.replicas();
        store = s.store();
        redis = s.redis();
        tune = s.tune();
        network = s.network();
        limiters.setLimiters(s.limiters());
        traffic.load(s.duration(), s.key(), s.traffic(), s.upstream());
        saved = s;
    }

    /**
     * Reads and shows a scenario file.
     *
     * @throws io.ratelab.scenario.ScenarioException naming the file, line, field and what is allowed
     */
    void open(Path path) {
        load(Scenario.read(path), path);
    }

    /** Writes the assembled scenario to {@code path} (YAML for .yaml/.yml, else JSON) and makes it the file. */
    void saveTo(Path path) throws IOException {
        Scenario s = assemble();
        Files.writeString(path, s.write(FileFormats.forPath(path)), StandardCharsets.UTF_8);
        file = path;
        baseDir = path.toAbsolutePath().getParent();
        saved = s;
    }

    /**
     * The scenario the panels describe.
     *
     * @throws IllegalArgumentException saying which field is wrong
     */
    Scenario assemble() {
        TrafficPanelViewModel.Parts p = traffic.build();
        if (!limiters.editor().errorProperty().get().isEmpty()) {
            throw new IllegalArgumentException("limiter '" + limiters.selectedLimiter().name() + "': "
                    + limiters.editor().errorProperty().get());
        }
        return new Scenario(name, p.duration(), seed, p.key(), limiters.limiters(), p.traffic(), p.upstream(),
                replicas, store, redis, tune, network);
    }

    /** True when the panels describe something other than what was loaded or saved last. */
    boolean isModified() {
        return isModified(assembleOrNull());
    }

    /** {@link #isModified()} of a scenario already assembled ({@link #assembleOrNull()}). */
    boolean isModified(Scenario assembled) {
        return assembled == null || !assembled.equals(saved);
    }

    /** The scenario the panels describe, or null while a field is invalid. */
    Scenario assembleOrNull() {
        try {
            return assemble();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code tune:} section the Tune tab edited; assembled scenarios carry it. */
    void setTune(io.ratelab.scenario.TuneSpec t) {
        tune = t;
    }

    Path file() {
        return file;
    }

    Path baseDir() {
        return baseDir;
    }

    String name() {
        return name;
    }
}
