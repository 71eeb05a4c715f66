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

    /**
     * Mutual TLS: HTTPS with a client certificate the server's trust store holds is served; the
     * same request without a certificate, or with one it does not trust, never gets through; plain
     * HTTP (no certificate) is refused with 401.
     */
    @Test
    void mutualTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String pass = "it-store-pass";
        keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
                "server.p12", "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass);
        keytool(dir, "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=wadi-client", "-validity", "2", "-keystore", "client.p12", "-storetype", "PKCS12",
                "-storepass", pass, "-keypass", pass);
        keytool(dir, "-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=stranger", "-validity", "2", "-keystore", "stranger.p12", "-storetype", "PKCS12",
                "-storepass", pass, "-keypass", pass);
        keytool(dir, "-exportcert", "-alias", "client", "-keystore", "client.p12", "-storepass", pass, "-file",
                "client.cer");
        keytool(dir, "-importcert", "-noprompt", "-alias", "client", "-file", "client.cer", "-keystore",
                "clients.p12", "-storetype", "PKCS12", "-storepass", pass);
        keytool(dir, "-exportcert", "-alias", "server", "-keystore", "server.p12", "-storepass", pass, "-file",
                "server.cer");
        keytool(dir, "-importcert", "-noprompt", "-alias", "server", "-file", "server.cer", "-keystore",
                "server-trust.p12", "-storetype", "PKCS12", "-storepass", pass);

        int httpsPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            httpsPort = s.getLocalPort();
        }
        try (Wadi tls = Wadi.start("auth-mtls", Map.of("WADI_API_AUTH_MODE", "mtls", "WADI_HTTPS_ENABLED", "true",
                "WADI_HTTPS_PORT", Integer.toString(httpsPort), "WADI_TLS_KEYSTORE", dir.resolve("server.p12").toString(),
                "WADI_TLS_KEYSTORE_PASSWORD", pass, "WADI_TLS_KEY_PASSWORD", pass,
                "WADI_TLS_TRUSTSTORE", dir.resolve("clients.p12").toString(), "WADI_TLS_TRUSTSTORE_PASSWORD", pass,
                "WADI_TLS_CLIENT_AUTH", "true"))) {
            URI pipelines = URI.create("https://127.0.0.1:" + httpsPort + "/api/v1/pipelines");
            java.net.http.HttpClient client = https(dir, "client.p12", pass);
            java.net.http.HttpResponse<String> ok = null;
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
            java.io.IOException last = null;
            // the HTTPS connector may open a moment after plain HTTP answered
            while ((ok == null || ok.statusCode() != 200) && java.time.Instant.now().isBefore(deadline)) {
                try {
                    ok = client.send(HttpRequest.newBuilder(pipelines).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    last = e;
                }
            }
            assertTrue(ok != null, "HTTPS never answered: " + last);
            assertEquals(200, ok.statusCode(), ok.body());

            for (String keyStore : new String[] {null, "stranger.p12"}) {
                java.net.http.HttpClient other = https(dir, keyStore, pass);
                Exception refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> other.send(HttpRequest.newBuilder(pipelines).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()),
                        "the TLS handshake fails with " + (keyStore == null ? "no client certificate" : keyStore));
                assertTrue(refused != null);
            }
            Wadi.Response plain = tls.sendAnonymously(HttpRequest.newBuilder(tls.uri("/api/v1/pipelines")).GET());
            assertEquals(401, plain.status(), plain.body());
            assertTrue(plain.json().path("error").asText().contains("client certificate"), plain.body());
        }
    }

    static void keytool(java.nio.file.Path dir, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    /** A client trusting the test's server certificate, presenting the key in {@code keyStore} (or none). */
    static java.net.http.HttpClient https(java.nio.file.Path dir, String keyStore, String pass) throws Exception {
        javax.net.ssl.KeyManager[] keys = null;
        if (keyStore != null) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(dir.resolve(keyStore))) {
                ks.load(in, pass.toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass.toCharArray());
            keys = kmf.getKeyManagers();
        }
        java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(dir.resolve("server-trust.p12"))) {
            ts.load(in, pass.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(keys, tmf.getTrustManagers(), null);
        return java.net.http.HttpClient.newBuilder().sslContext(ssl)
                .connectTimeout(java.time.Duration.ofSeconds(10)).build();
    }
}
