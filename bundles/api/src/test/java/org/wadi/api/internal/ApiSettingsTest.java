package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

    /** The configuration as Config Admin would give it with no etc/ file: the defaults. */
    private static final ApiConfig DEFAULTS = TestConfigs.api(Map.of());

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

    @Test
    void theResourceCapsAreConfigurableToo() {
        ApiSettings s = ApiSettings.from(DEFAULTS, Map.of(
                "WADI_API_MAX_PIPELINES", "3",
                "WADI_API_MAX_OUTPUT_STREAMS", "5",
                "WADI_API_OUTPUT_STREAM_MAX_BYTES", "8589934592",
                "WADI_API_OUTPUT_STREAM_STALL_SECONDS", "7"));
        assertEquals(3, s.maxPipelines());
        assertEquals(5, s.maxOutputStreams());
        assertEquals(8_589_934_592L, s.outputStreamMaxBytes());
        assertEquals(7, s.outputStreamStallSeconds());
        assertEquals(new ApiSettings(100_000, 64, 1_048_576L, 50, 1000, 10_000_000L, 15, 100, 64, 4_194_304L, 60),
                ApiSettings.defaults());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.from(DEFAULTS, Map.of("WADI_API_MAX_PIPELINES", "0")));
        assertEquals("api.max.pipelines must be at least 1, was 0", zero.getMessage());
    }
}
