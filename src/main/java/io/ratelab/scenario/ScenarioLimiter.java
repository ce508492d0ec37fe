package io.ratelab.scenario;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.ratelab.limit.LimiterSpec;

import java.io.IOException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * One entry of a scenario's {@code limiters:}: a {@link LimiterSpec} in its own keys ({@code algorithm}, {@code rate},
 * {@code burst}, ...) plus an optional {@code key:} that overrides the scenario's key rule for this limiter (so one
 * file can compare a per-IP limit with a per-API-key one on the same traffic).
 *
 * <p>Read strictly: besides the spec's own checks, the algorithm is built once, so a value the algorithm refuses fails
 * here with the entry's line.
 *
 * @param spec the limiter
 * @param key  its key rule, or null to use the scenario's
 */
@JsonDeserialize(using = ScenarioLimiter.Reader.class)
@JsonSerialize(using = ScenarioLimiter.Writer.class)
public record ScenarioLimiter(LimiterSpec spec, KeyRule key) {

    public ScenarioLimiter {
        if (spec == null) {
            throw new IllegalArgumentException("a limiter needs a spec");
        }
    }

    /** This limiter's key rule: its own, else {@code scenarioKey}. */
    public KeyRule keyOr(KeyRule scenarioKey) {
        return key != null ? key : scenarioKey;
    }

    /** The label in tables: the spec's name. */
    public String name() {
        return spec.name();
    }

    static final class Reader extends StdDeserializer<ScenarioLimiter> {

        Reader() {
            super(ScenarioLimiter.class);
        }

        @Override
        public ScenarioLimiter deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonLocation start = p.currentTokenLocation();
            JsonNode tree = ctxt.readTree(p);
            if (tree == null || !tree.isObject()) {
                throw LocatedProblem.of(start, "a limiter is a mapping such as {name: strict, algorithm: token-bucket,"
                        + " rate: 10/s, burst: 20}");
            }
            ObjectNode node = ((ObjectNode) tree).deepCopy();
            JsonNode keyNode = node.remove("key");
            KeyRule key = null;
            if (keyNode != null) {
                try {
                    key = KeyRule.parse(keyNode.isTextual() ? keyNode.asText() : keyNode.toString());
                } catch (IllegalArgumentException e) {
                    throw LocatedProblem.at(start, "key", e.getMessage());
                }
            }
            LimiterSpec spec;
            try {
                spec = ctxt.readTreeAsValue(node, LimiterSpec.class);
            } catch (UnrecognizedPropertyException e) {
                Collection<Object> known = new TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString)
                        .toList());
                known.add("key");
                throw LocatedProblem.at(start, e.getPropertyName(), "unknown key '" + e.getPropertyName()
                        + "'; a limiter takes: " + String.join(", ", known.stream().map(Object::toString).toList()));
            } catch (JsonMappingException e) {
                throw LocatedProblem.relocate(e, start);
            }
            try {
                spec.build();
            } catch (IllegalArgumentException e) {
                throw LocatedProblem.fromMessage(start, e);
            }
            return new ScenarioLimiter(spec, key);
        }
    }

    static final class Writer extends StdSerializer<ScenarioLimiter> {

        Writer() {
            super(ScenarioLimiter.class);
        }

        @Override
        public void serialize(ScenarioLimiter value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            ObjectMapper mapper = gen.getCodec() instanceof ObjectMapper m ? m : FileFormats.json();
            ObjectNode node = mapper.valueToTree(value.spec());
            if (value.key() != null) {
                node.put("key", value.key().toString());
            }
            gen.writeTree(node);
        }
    }
}
