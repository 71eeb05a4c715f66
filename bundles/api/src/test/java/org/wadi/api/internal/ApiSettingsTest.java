package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    /** The configuration as Config Admin would give it with no etc/ file: the defaults. */
    private static final ApiConfig DEFAULTS = new ApiConfig() {
        @Override public Class<? extends Annotation> annotationType() { return ApiConfig.class; }
        @Override public int api_max_query_length() { return 100_000; }
        @Override public int api_max_parallelism() { return 64; }
        @Override public long api_max_body_bytes() { return 1_048_576L; }
        @Override public int api_page_default_limit() { return 50; }
        @Override public int api_page_max_limit() { return 1000; }
        @Override public long api_default_checkpoint_interval_micros() { return 10_000_000L; }
        @Override public int api_sse_heartbeat_seconds() { return 15; }
    };

    @Test
    void theConfigurationAppliesWithoutOverrides() {
        assertEquals(ApiSettings.defaults(), ApiSettings.from(DEFAULTS, Map.of()));
    }

    @Test
    void environmentVariablesOverrideTheConfiguration() {
        ApiSettings s = ApiSettings.from(DEFAULTS, Map.of(
                "WADI_API_MAX_PARALLELISM", "8",
                "WADI_API_MAX_BODY_BYTES", "4096",
                "WADI_API_MAX_QUERY_LENGTH", " 500 "));
        assertEquals(8, s.maxParallelism());
        assertEquals(4096, s.maxBodyBytes());
        assertEquals(500, s.maxQueryLength());
        assertEquals(50, s.defaultPageLimit());
    }

    @Test
    void aBadValueNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.from(DEFAULTS, Map.of("WADI_API_MAX_PARALLELISM", "many")));
        assertEquals("environment variable WADI_API_MAX_PARALLELISM (overriding api.max.parallelism) must be a whole number, was 'many'",
                e.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.from(DEFAULTS, Map.of("WADI_API_MAX_PARALLELISM", "0")));
        assertEquals("api.max.parallelism must be at least 1, was 0", zero.getMessage());
    }
}
