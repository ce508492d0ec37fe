package io.ratelab.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratelab.limit.Algorithm;
import io.ratelab.limit.LimiterSpec;
import io.ratelab.limit.Rate;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A spec's keys in JSON and YAML are a contract: the builder and its copies add none and change none. */
class LimiterSpecJsonTest {

    private static final Rate TEN = Rate.parse("10/s");

    @Test
    void aBuiltSpecWritesTheSameKeysAsTheConstructorOne() throws Exception {
        LimiterSpec built = LimiterSpec.builder(Algorithm.NGINX_LIMIT_REQ).name("api").rate(TEN).burst(20).nodelay()
                .build();
        LimiterSpec constructed = new LimiterSpec("api", Algorithm.NGINX_LIMIT_REQ, TEN, 20L, null, null, true, null,
                null, null, null);
        ObjectMapper json = FileFormats.json();
        assertEquals(json.writeValueAsString(constructed), json.writeValueAsString(built));
        assertEquals("{\"name\":\"api\",\"algorithm\":\"nginx-limit-req\",\"rate\":\"10/s\",\"burst\":20,"
                + "\"nodelay\":true}", json.writeValueAsString(built).replaceAll("\\s", ""));
    }

    @Test
    void aSpecReadsBackEqualAfterItsCopiesWriteIt() throws Exception {
        LimiterSpec envoy = LimiterSpec.envoyLocal(TEN, 5, Duration.ofMillis(100)).toBuilder().legacyTimer(true)
                .build().withName("edge");
        for (ObjectMapper mapper : new ObjectMapper[]{FileFormats.json(), FileFormats.yaml()}) {
            String text = mapper.writeValueAsString(envoy);
            assertEquals(envoy, mapper.readValue(text, LimiterSpec.class), text);
        }
    }
}
