package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication from outside, on the real distribution: with an API key configured every endpoint
 * but {@code /api/v1/ping} refuses requests without it (401); {@code /metrics} too; the UI's files
 * stay public; CORS preflights of allowed origins are answered. One server, booted once.
 */
class AuthIT {

    static final String KEY = "it-key-7d1f0c5e9a2b4c6d8e0f";
    static Wadi wadi;

    @BeforeAll
    static void boot() {
        wadi = Wadi.start("auth", Map.of("WADI_API_AUTH_MODE", "api_key", "WADI_API_AUTH_KEYS",
                KEY + ",second-key-0123456789abcdef", "WADI_API_CORS_ORIGINS", "http://console.example"));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    static Wadi.Response anonymous(String path) {
        return wadi.sendAnonymously(HttpRequest.newBuilder(wadi.uri(path)).GET());
    }

    static Wadi.Response withKey(String path, String key) {
        return wadi.sendAnonymously(HttpRequest.newBuilder(wadi.uri(path)).header("Authorization", "Bearer " + key)
                .GET());
    }

    @Test
    void everyEndpointButPingNeedsTheKey() {
        assertEquals(200, anonymous("/api/v1/ping").status());
        for (String path : new String[] {"/api/v1/pipelines", "/api/v1/jobs", "/api/v1/connectors",
                "/api/v1/api-docs/openapi.json", "/api/v1/no-such-thing", "/metrics"}) {
            Wadi.Response r = anonymous(path);
            assertEquals(401, r.status(), path + ": " + r.body());
            assertTrue(r.json().path("error").asText().contains("Authorization: Bearer"), r.body());
            assertEquals(401, withKey(path, "not-the-key-not-the-key").status(), path);
        }
        assertEquals(200, withKey("/api/v1/pipelines", KEY).status());
        assertEquals(200, withKey("/api/v1/pipelines", "second-key-0123456789abcdef").status());
        assertEquals(200, withKey("/metrics", KEY).status());
        assertEquals(404, withKey("/api/v1/no-such-thing", KEY).status(), "a JSON 404 once authenticated");
    }

    @Test
    void nothingIsCreatedWithoutTheKey() {
        Wadi.Response refused = wadi.sendAnonymously(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\",\"query\":\"SELECT 1\",\"parallelism\":1}")));
        assertEquals(401, refused.status(), refused.body());
        Wadi.Response list = wadi.get("/api/v1/pipelines");
        assertEquals(200, list.status(), list.body());
        assertTrue(!list.body().contains("sneaky"), list.body());
    }

    @Test
    void theUiFilesArePublicAndAllowedOriginsGetCors() {
        // the UI's bundle may register its files a moment after the API answers
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (anonymous("/").status() != 200 && java.time.Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        assertEquals(200, anonymous("/").status());
        Wadi.Response preflight = wadi.sendAnonymously(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines"))
                .header("Origin", "http://console.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.status(), preflight.body());
        Wadi.Response other = wadi.sendAnonymously(HttpRequest.newBuilder(wadi.uri("/api/v1/pipelines"))
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, other.status(), "no preflight answer for an origin not allowed");
    }

    /** With authentication off (the default), a client that is not on the loopback interface is refused. */
    @Test
    void withoutAuthenticationOnlyLoopbackClientsAreServed() throws Exception {
        Optional<InetAddress> address = nonLoopbackAddress();
        assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        try (Wadi open = Wadi.start("auth-none", Map.of("WADI_HTTP_HOST", "0.0.0.0"))) {
            URI remote = URI.create("http://" + address.get().getHostAddress() + ":" + open.httpPort()
                    + "/api/v1/pipelines");
            Wadi.Response r = open.sendAnonymously(HttpRequest.newBuilder(remote).GET());
            assertEquals(403, r.status(), r.body());
            assertTrue(r.json().path("error").asText().contains("api.auth.mode"), r.body());
            assertEquals(200, open.get("/api/v1/pipelines").status(), "loopback is served");
        }
    }

    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
