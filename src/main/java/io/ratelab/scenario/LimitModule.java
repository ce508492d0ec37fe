package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.Durations;
import io.ratelab.limit.Rate;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/**
 * Jackson bindings for the limiter core's values in human units: rates as {@code 10/s}, durations as {@code 250ms},
 * algorithms by their file names ({@code token-bucket}). With it {@link io.ratelab.limit.LimiterSpec} reads and writes
 * as a plain record, and the core itself stays free of Jackson.
 */
public final class LimitModule extends SimpleModule {

    public LimitModule() {
        super("ratelab-limit");
        addText(Rate.class, Rate::parse, Rate::toString, "a rate such as 10/s, 600/m or 5/h");
        addText(Duration.class, Durations::parse, Durations::format, "a duration such as 250ms, 10s or 2m");
        addText(Algorithm.class, Algorithm::byId, Algorithm::id, "one of: " + Algorithm.ids());
    }

    private <T> void addText(Class<T> type, Function<String, T> parse, Function<T, String> format, String allowed) {
        addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonToken t = p.currentToken();
                if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                String text = p.getText();
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException e) {
                    throw ctxt.weirdStringException(text, type, e.getMessage() + " (expected " + allowed + ")");
                }
            }
        });
        addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format.apply(value));
            }
        });
    }
}
