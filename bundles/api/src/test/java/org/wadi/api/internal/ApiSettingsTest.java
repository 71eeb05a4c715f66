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
}
