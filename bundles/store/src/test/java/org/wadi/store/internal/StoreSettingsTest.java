package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    /** The configuration with its defaults, as Declarative Services gives it without a .cfg file. */
    private static StoreConfig config(String url, String dir, int port) {
        return new StoreConfig() {
            @Override public Class<? extends Annotation> annotationType() { return StoreConfig.class; }
            @Override public String database_url() { return url; }
            @Override public String database_user() { return ""; }
            @Override public String database_password() { return ""; }
            @Override public int database_pool_size() { return 8; }
            @Override public String database_embedded_dir() { return dir; }
            @Override public int database_embedded_port() { return port; }
            @Override public String secret_key() { return ""; }
        };
    }

    @Test
    void defaultsToAnEmbeddedPostgresUnderKarafData() {
        StoreSettings s = StoreSettings.from(config("", "", 0), Map.<String, String>of()::get, "/opt/wadi/data");
        assertTrue(s.isEmbedded());
        assertEquals(Path.of("/opt/wadi/data", "postgres"), s.embeddedDir());
        assertEquals(0, s.embeddedPort());
    }

    @Test
    void environmentOverridesConfiguration() {
        Map<String, String> env = Map.of(
                "WADI_DATABASE_URL", "jdbc:postgresql://db:5432/wadi?user=w&password=secret",
                "WADI_DATABASE_POOL_SIZE", "3",
                "WADI_DATABASE_EMBEDDED_PORT", "15432");
        StoreSettings s = StoreSettings.from(config("jdbc:postgresql://other/x", "/d", 0), env::get, null);
        assertFalse(s.isEmbedded());
        assertEquals("jdbc:postgresql://db:5432/wadi?user=w&password=secret", s.url());
        assertEquals(3, s.poolSize());
        assertEquals(15432, s.embeddedPort());
        assertFalse(s.toString().contains("secret"), s.toString());
    }

    @Test
    void rejectsBadValuesNamingThem() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config("mysql://x", "", 0), k -> null, "/data"));
        assertTrue(url.getMessage().contains("database.url") && url.getMessage().contains("mysql://x"), url.getMessage());

        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config("", "/d", 5432), k -> null, null));
        assertTrue(port.getMessage().contains("5432"), port.getMessage());

        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config("", "/d", 0), Map.of("WADI_DATABASE_EMBEDDED_PORT", "abc")::get, null));
        assertTrue(notNumber.getMessage().contains("WADI_DATABASE_EMBEDDED_PORT"), notNumber.getMessage());

        IllegalArgumentException noDir = assertThrows(IllegalArgumentException.class,
                () -> StoreSettings.from(config("", "", 0), k -> null, null));
        assertTrue(noDir.getMessage().contains("database.embedded.dir"), noDir.getMessage());
    }
}
