package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    static final String KEY = "0123456789abcdef0123";

    static Authenticator filter(AuthSettings.Mode mode, boolean metrics, boolean ui) {
        return new Authenticator(new AuthSettings(mode, mode == AuthSettings.Mode.API_KEY
                ? List.of(KEY.getBytes(StandardCharsets.UTF_8), "another-key-of-16+".getBytes(StandardCharsets.UTF_8))
                : List.of(), metrics, ui, Set.of()));
    }

    @Test
    void withAuthenticationOffOnlyLoopbackClientsAreServed() {
        Authenticator f = filter(AuthSettings.Mode.NONE, true, false);
        assertTrue(f.decide("/api/v1/pipelines", "127.0.0.1", null, false).passes());
        assertTrue(f.decide("/api/v1/pipelines", "0:0:0:0:0:0:0:1", null, false).passes());
        Authenticator.Decision remote = f.decide("/api/v1/pipelines", "192.168.1.20", null, false);
        assertEquals(403, remote.status());
        assertTrue(remote.error().contains("api.auth.mode"), remote.error());
        assertEquals(403, f.decide("/metrics", "10.0.0.1", null, false).status());
        assertTrue(f.decide("/api/v1/ping", "10.0.0.1", null, false).passes(), "ping answers anyone");
        assertTrue(f.decide("/index.html", "10.0.0.1", null, false).passes(), "the UI's files are not protected");
        assertFalse(Authenticator.loopback("localhost"), "names are not looked up");
        assertFalse(Authenticator.loopback(""));
    }

    @Test
    void anApiKeyIsRequiredOnEveryEndpointButPing() {
        Authenticator f = filter(AuthSettings.Mode.API_KEY, true, false);
        for (String path : List.of("/api/v1/pipelines", "/api/v1/jobs", "/api/v1/connectors", "/api", "/metrics")) {
            Authenticator.Decision none = f.decide(path, "127.0.0.1", null, false);
            assertEquals(401, none.status(), path);
            assertTrue(none.error().contains("Authorization: Bearer"), none.error());
            assertEquals(401, f.decide(path, "127.0.0.1", "Bearer wrong-key-wrong-key", false).status(), path);
            assertEquals(401, f.decide(path, "127.0.0.1", "Basic " + KEY, false).status(), path);
            assertEquals(401, f.decide(path, "127.0.0.1", "Bearer " + KEY.substring(1), false).status(), path);
            assertTrue(f.decide(path, "10.1.2.3", "Bearer " + KEY, false).passes(), path);
            assertTrue(f.decide(path, "10.1.2.3", "bearer  another-key-of-16+ ", false).passes(), path);
        }
        assertTrue(f.decide("/api/v1/ping", "10.1.2.3", null, false).passes());
        assertTrue(f.decide("/", "10.1.2.3", null, false).passes());
    }

    @Test
    void metricsAndUiFollowTheirSettings() {
        Authenticator open = filter(AuthSettings.Mode.API_KEY, false, false);
        assertTrue(open.decide("/metrics", "10.1.2.3", null, false).passes());
        Authenticator closed = filter(AuthSettings.Mode.API_KEY, true, true);
        assertEquals(401, closed.decide("/pipelines/abc", "127.0.0.1", null, false).status());
        assertTrue(closed.decide("/pipelines/abc", "127.0.0.1", "Bearer " + KEY, false).passes());
    }

    @Test
    void mutualTlsNeedsAVerifiedClientCertificate() {
        Authenticator f = filter(AuthSettings.Mode.MTLS, true, false);
        Authenticator.Decision without = f.decide("/api/v1/pipelines", "127.0.0.1", "Bearer " + KEY, false);
        assertEquals(401, without.status());
        assertTrue(without.error().contains("client certificate"), without.error());
        assertTrue(f.decide("/api/v1/pipelines", "10.1.2.3", null, true).passes());
    }

    @Test
    void settingsFromConfigurationAndEnvironment() {
        ApiConfig config = config("none", "", true, false, "");
        assertEquals(AuthSettings.Mode.NONE, AuthSettings.from(config, Map.of()).mode());
        AuthSettings s = AuthSettings.from(config, Map.of("WADI_API_AUTH_MODE", "api-key", "WADI_API_AUTH_KEYS",
                KEY + ", second-key-0123456789", "WADI_API_AUTH_METRICS", "false", "WADI_API_CORS_ORIGINS",
                "http://a.example, http://b.example"));
        assertEquals(AuthSettings.Mode.API_KEY, s.mode());
        assertEquals(2, s.keys().size());
        assertFalse(s.metrics());
        assertEquals(Set.of("http://a.example", "http://b.example"), s.corsOrigins());
        assertFalse(s.toString().contains(KEY), "keys never printed: " + s);

        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.from(config("api_key", "", true, false, ""), Map.of()));
        assertTrue(noKey.getMessage().contains("names no key"), noKey.getMessage());
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.from(config("api_key", "secret", true, false, ""), Map.of()));
        assertTrue(shortKey.getMessage().contains("shorter than 16"), shortKey.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> AuthSettings.from(config("password", "", true, false, ""), Map.of()));
        assertTrue(mode.getMessage().contains("none, api_key, mtls"), mode.getMessage());
    }

    @Test
    void aMisconfiguredServerRefusesEverythingButPing() {
        Authenticator f = new Authenticator(config("api_key", "", true, false, ""), Map.of());
        Authenticator.Decision d = f.decide("/api/v1/pipelines", "127.0.0.1", "Bearer " + KEY, false);
        assertEquals(503, d.status());
        assertTrue(d.error().contains("misconfigured"), d.error());
        assertEquals(503, f.decide("/", "127.0.0.1", null, false).status());
        assertTrue(f.decide("/api/v1/ping", "127.0.0.1", null, false).passes());
    }

    static ApiConfig config(String mode, String keys, boolean metrics, boolean ui, String cors) {
        return TestConfigs.api(Map.of("api_auth_mode", mode, "api_auth_keys", keys, "api_auth_metrics", metrics,
                "api_auth_ui", ui, "api_cors_origins", cors));
    }
}
