package io.ratelab.proxy;

import io.ratelab.proxy.admin.AdminTarget;
import io.ratelab.scenario.FileFormats;

import java.io.IOException;

/** A {@link LimitingProxy} as its admin port sees it: metrics, health and the {@link LimitSettings}. Thread-safe. */
final class ProxyAdminTarget implements AdminTarget<LimitSettings> {

    private final LimitingProxy proxy;

    ProxyAdminTarget(LimitingProxy proxy) {
        this.proxy = proxy;
    }

    @Override
    public String prometheus() {
        return proxy.metrics().prometheus();
    }

    @Override
    public boolean isServing() {
        return proxy.isServing();
    }

    @Override
    public LimitSettings settings() {
        return proxy.settings();
    }

    @Override
    public LimitSettings parse(String text) {
        try {
            return parseSettings(text);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(ConfigErrors.describe(e), e);
        }
    }

    /**
     * Parses a {@code PUT /config} body.
     *
     * @throws IOException or an {@link IllegalArgumentException} that {@link ConfigErrors#describe} turns into the
     *                     one-line reason
     */
    static LimitSettings parseSettings(String text) throws IOException {
        if (text.isBlank()) {
            throw new IllegalArgumentException("the body is empty; send the settings as JSON or YAML");
        }
        int overlong = FileFormats.overlongYamlLine(text, FileFormats.forText(text));
        if (overlong > 0) {
            throw new IllegalArgumentException("line " + overlong + ": " + FileFormats.overlongLineProblem());
        }
        LimitSettings settings = FileFormats.forText(text).readValue(text, LimitSettings.class);
        if (settings == null) {
            throw new IllegalArgumentException("the body holds no settings");
        }
        return settings;
    }

    @Override
    public void apply(LimitSettings settings) {
        proxy.apply(settings);
    }

    @Override
    public void countRefused() {
        proxy.countRefused();
    }
}
