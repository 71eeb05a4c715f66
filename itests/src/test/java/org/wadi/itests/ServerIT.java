package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as a user and an operator meet it: the API and its errors, the web UI, the shell, and
 * what listens where. The request body limit is lowered through the environment
 * (WADI_API_MAX_BODY_BYTES), which also shows that an org.wadi.*.cfg key obeys WADI_&lt;KEY&gt;.
 */
class ServerIT {

    private static final int BODY_LIMIT = 20_000;
    private static Wadi wadi;

    @BeforeAll
    static void start() {
        wadi = Wadi.start("server", Map.of("WADI_API_MAX_BODY_BYTES", Integer.toString(BODY_LIMIT)));
    }

    @AfterAll
    static void stop() {
        if (wadi != null) {
            wadi.close();
        }
    }

    @Test
    void pingAnswers() {
        assertEquals(200, wadi.get("/api/v1/ping").status());
    }

    @Test
    void theWebUiIsServedAtTheRootWithoutHidingTheApi() {
        Wadi.Response page = wadi.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().orElse("").startsWith("text/html"), "content type " + page.contentType());
        assertTrue(page.body().contains("<title>Wadi</title>"), page.body());
        // an app route falls back to the app's page; an unknown /api path stays a JSON 404
        Wadi.Response route = wadi.get("/pipelines");
        assertEquals(200, route.status());
        assertTrue(route.body().contains("<title>Wadi</title>"), route.body());
        Wadi.Response unknown = wadi.get("/api/v1/no-such-endpoint");
        assertEquals(404, unknown.status(), unknown.body());
        assertTrue(unknown.contentType().orElse("").startsWith("application/json"), "content type " + unknown.contentType());

        Wadi.Response pipelines = wadi.get("/api/v1/pipelines");
        assertEquals(200, pipelines.status(), pipelines.body());
        assertTrue(pipelines.json().get("data").isArray(), pipelines.body());
    }

    @Test
    void malformedJsonIs400() {
        assertError(wadi.post("/api/v1/pipelines", "{\"name\": \"broken\", \"query\": "), 400, null);
    }

    @Test
    void anUnknownPipelineIs404() {
        assertError(wadi.get("/api/v1/pipelines/pl_doesnotexist"), 404, null);
        assertError(wadi.get("/api/v1/pipelines/pl_doesnotexist/jobs"), 404, null);
    }

    @Test
    void invalidSqlIs400WithLineAndColumn() {
        String error = assertError(create("bad-sql", "CREATE TABLE t WITH (connector='impulse', event_rate='1');\nSELEC * FROM t;", 1), 400, null);
        assertTrue(Pattern.compile("line \\d+, column \\d+").matcher(error).find(), "no line and column in: " + error);
    }

    @Test
    void validateQueryAnswersTheGraphOrEveryErrorWithItsSpan() {
        Wadi.Response ok = wadi.post("/api/v1/pipelines/validate_query", "{\"query\": \"CREATE TABLE t WITH "
                + "(connector = 'impulse', event_rate = '1'); SELECT counter FROM t\"}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(0, ok.json().get("errors").size(), ok.body());
        assertTrue(ok.json().get("graph").get("nodes").size() >= 2, ok.body());

        Wadi.Response bad = wadi.post("/api/v1/pipelines/validate_query",
                "{\"query\": \"CREATE TABLE t WITH (connector = 'impulse', event_rate = '1');\\nSELECT countr FROM t\"}");
        assertEquals(200, bad.status(), bad.body());
        assertTrue(bad.json().get("graph").isNull(), bad.body());
        var error = bad.json().get("errors").get(0);
        assertTrue(error.get("message").asText().contains("countr"), bad.body());
        assertEquals(2, error.get("span").get("start").get("line").asInt(), bad.body());
        assertEquals(8, error.get("span").get("start").get("column").asInt(), bad.body());
    }

    @Test
    void parallelismZeroIs400() {
        assertError(create("zero", Pipelines.impulseToFile(wadi.files().resolve("zero.json"), 10), 0), 400, "parallelism");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String query = "-- " + "x".repeat(BODY_LIMIT) + "\n" + Pipelines.impulseToFile(wadi.files().resolve("big.json"), 10);
        assertError(create("big", query, 1), 413, null);
    }

    @Test
    void aPathOutsideTheFileRootsIs400NamingTheRoots() {
        String query = "CREATE TABLE impulse WITH (connector='impulse', event_rate='10', message_count='1');\n"
                + "CREATE TABLE passwd (counter BIGINT UNSIGNED) WITH (connector='single_file', path='/etc/passwd', type='sink', format='json');\n"
                + "INSERT INTO passwd SELECT counter FROM impulse;";
        String error = assertError(create("passwd", query, 1), 400, "/etc/passwd");
        assertTrue(error.contains(wadi.files().toString()), "the error does not name the file roots: " + error);
    }

    @Test
    void httpSshAndJmxListenOnTheLoopbackInterfaceOnly() {
        Map<String, Integer> ports = Map.of("HTTP", wadi.httpPort(), "SSH", wadi.sshPort(),
                "JMX (RMI registry)", wadi.port("WADI_RMI_REGISTRY_PORT"));
        Optional<InetAddress> external = externalAddress();
        ports.forEach((what, port) -> {
            assertTrue(reachable(InetAddress.getLoopbackAddress(), port), what + " is not on 127.0.0.1:" + port);
            // without a non-loopback address there is no other interface to listen on
            external.ifPresent(address -> assertFalse(reachable(address, port), what + " answers on " + address));
        });
    }

    @Test
    void configurationValuesComeFromTheEnvironment() {
        // resolved by FileInstall from ${env:WADI_API_MAX_BODY_BYTES:-…} in etc/org.wadi.api.cfg
        String out = wadi.shell("config:list \"(service.pid=org.wadi.api)\"");
        assertTrue(Pattern.compile("api\\.max\\.body\\.bytes = " + BODY_LIMIT + "\\b").matcher(out).find(),
                "config:list org.wadi.api printed: " + out);
    }

    @Test
    void theDistributionHasNoShellUser() throws IOException {
        Path shipped = Path.of(System.getProperty("wadi.assembly", "../karaf-assembly/target/assembly"), "etc/users.properties");
        List<String> active = Files.readAllLines(shipped).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of(), active, "etc/users.properties of the distribution defines users");

        String out = wadi.shell("shell:echo still-here").trim();
        assertTrue(out.contains("still-here"), "the test's own user cannot log in: " + out);
        String karaf = runClient("karaf", "karaf");
        assertFalse(karaf.contains("still-here"), "karaf/karaf logged in: " + karaf);
    }

    @Test
    void theShellListsPipelines() {
        String pipeline = wadi.createPipeline("shell-listed",
                "CREATE TABLE impulse WITH (connector='impulse', event_rate='1000', message_count='10');\n"
                        + "CREATE TABLE sink (counter BIGINT UNSIGNED) WITH (connector='blackhole');\n"
                        + "INSERT INTO sink SELECT counter FROM impulse;", 1);
        wadi.awaitFinalJob(pipeline, Duration.ofSeconds(120));

        String out = wadi.shell("wadi:pipeline-list");
        assertTrue(out.contains(pipeline) && out.contains("shell-listed"), "wadi:pipeline-list printed: " + out);
    }

    // ----

    private static Wadi.Response create(String name, String query, int parallelism) {
        return wadi.post("/api/v1/pipelines",
                Wadi.JSON.createObjectNode().put("name", name).put("query", query).put("parallelism", parallelism).toString());
    }

    /** Checks an error response: its status, the {"error": …} body, no stack trace; returns the message. */
    private static String assertError(Wadi.Response r, int status, String mentions) {
        assertEquals(status, r.status(), r.body());
        JsonNode body = r.json();
        assertTrue(body.isObject() && body.get("error") != null && body.get("error").isTextual(), "not {\"error\": …}: " + r.body());
        String error = body.get("error").asText();
        assertFalse(error.isBlank(), "empty error message");
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains(".java:"),
                "a stack trace reached the user: " + r.body());
        if (mentions != null) {
            assertTrue(error.contains(mentions), "the error does not mention " + mentions + ": " + error);
        }
        return error;
    }

    private static String runClient(String user, String password) {
        try {
            ProcessBuilder pb = new ProcessBuilder(wadi.home().resolve("bin/client").toString(), "-a",
                    Integer.toString(wadi.sshPort()), "-h", "127.0.0.1", "-u", user, "-p", password, "-r", "1", "-b")
                    .redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().write("shell:echo still-here\n".getBytes());
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> externalAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
