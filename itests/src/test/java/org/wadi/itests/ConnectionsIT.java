package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connectors, connection profiles and connection tables through the real server: a profile and a
 * table saved over HTTP, the table used by name in a pipeline that runs, a profile named in
 * {@code WITH (connection_profile = …)}, and a secret that is ciphertext in the database (the
 * machine's PostgreSQL, a database of this test's own), masked in every answer and absent from the log.
 */
class ConnectionsIT {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String DATABASE = "wadi_it_conn_" + Long.toHexString(System.nanoTime());
    private static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres";
    private static final String SECRET = "s3cr3t-" + UUID.randomUUID();
    private static Wadi wadi;

    @BeforeAll
    static void start() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        wadi = Wadi.start("connections", Map.of("WADI_SCHEDULER", "embedded", "WADI_DATABASE_URL", DB_URL));
    }

    @AfterAll
    static void stop() throws SQLException {
        if (wadi != null) {
            wadi.close();
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    private static JsonNode ok(Wadi.Response r, String what) {
        assertEquals(200, r.status(), what + ": " + r.body());
        return r.json();
    }

    private static ObjectNode object() {
        return Wadi.JSON.createObjectNode();
    }

    @Test
    void theCatalogListsTheInstalledConnectorsWithTheirSchemas() {
        JsonNode data = ok(wadi.get("/api/v1/connectors"), "GET /connectors").get("data");
        List<String> ids = new ArrayList<>();
        data.forEach(c -> ids.add(c.get("id").asText()));
        assertTrue(ids.containsAll(List.of("impulse", "single_file", "kafka")), ids.toString());
        JsonNode kafka = Stream.of(data).flatMap(d -> Stream.iterate(0, i -> i < d.size(), i -> i + 1).map(d::get))
                .filter(c -> c.get("id").asText().equals("kafka")).findFirst().orElseThrow();
        assertTrue(kafka.get("connection_config").asText().contains("\"password\""), kafka.toString());
        assertTrue(kafka.get("table_config").asText().contains("topic"), kafka.toString());
        assertTrue(kafka.get("enabled").asBoolean());
    }

    @Test
    void aSavedTableRunsByNameAndAProfileFillsItsOptions() {
        ObjectNode profile = object().put("name", "bounded_ticks").put("connector", "impulse");
        profile.putObject("config").put("event_rate", 200).put("message_count", 100);
        String profileId = ok(wadi.post("/api/v1/connection_profiles", profile.toString()), "POST profile")
                .get("id").asText();

        ObjectNode table = object().put("name", "ticks").put("connector", "impulse")
                .put("connection_profile_id", profileId);
        table.putObject("config");
        JsonNode saved = ok(wadi.post("/api/v1/connection_tables", table.toString()), "POST table");
        assertEquals("source", saved.get("table_type").asText());
        assertEquals("bounded_ticks", saved.get("connection_profile").get("name").asText());

        ObjectNode bad = object().put("name", "bad_ticks").put("connector", "impulse");
        bad.putObject("config").put("rate", 5);
        Wadi.Response refused = wadi.post("/api/v1/connection_tables", bad.toString());
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("rate") && refused.body().contains("event_rate"), refused.body());
        ObjectNode unknown = object().put("name", "x").put("connector", "no_such");
        Wadi.Response noConnector = wadi.post("/api/v1/connection_tables", unknown.toString());
        assertEquals(400, noConnector.status(), noConnector.body());
        assertTrue(noConnector.body().contains("impulse"), noConnector.body());

        // the saved table by name, without CREATE TABLE
        Path out = wadi.files().resolve("saved-ticks.json");
        String pipeline = wadi.createPipeline("saved-table", "CREATE TABLE out (counter BIGINT UNSIGNED, "
                + "subtask_index BIGINT UNSIGNED) WITH (connector = 'single_file', path = '" + out + "', type = 'sink', "
                + "format = 'json');\nINSERT INTO out SELECT counter, subtask_index FROM ticks WHERE counter % 2 = 0;", 1);
        Pipelines.assertFinished(wadi.awaitFinalJob(pipeline, Duration.ofSeconds(180)), wadi);
        Pipelines.assertEvenCounters(out);

        // the profile named in WITH, and a profile that does not exist
        String withProfile = "CREATE TABLE imp WITH (connector = 'impulse', connection_profile = 'bounded_ticks');\n"
                + "CREATE TABLE sink2 (counter BIGINT UNSIGNED) WITH (connector = 'blackhole');\n"
                + "INSERT INTO sink2 SELECT counter FROM imp;";
        JsonNode valid = ok(wadi.post("/api/v1/pipelines/validate_query", object().put("query", withProfile).toString()),
                "validate_query");
        assertEquals(0, valid.get("errors").size(), valid.toString());
        JsonNode invalid = ok(wadi.post("/api/v1/pipelines/validate_query",
                object().put("query", withProfile.replace("'bounded_ticks'", "'nope'")).toString()), "validate_query");
        assertTrue(invalid.get("errors").toString().contains("'nope'"), invalid.toString());

        // a profile in use stays
        Wadi.Response inUse = wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/connection_profiles/" + profileId))
                .DELETE());
        assertEquals(409, inUse.status(), inUse.body());
        assertTrue(inUse.body().contains("ticks"), inUse.body());
        String tableId = saved.get("id").asText();
        assertEquals(200, wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/connection_tables/" + tableId))
                .DELETE()).status());
        assertEquals(200, wadi.send(HttpRequest.newBuilder(wadi.uri("/api/v1/connection_profiles/" + profileId))
                .DELETE()).status());
    }

    @Test
    void aTableTestStreamsItsStepsAsServerSentEvents() {
        ObjectNode table = object().put("name", "probe").put("connector", "impulse");
        table.putObject("config").put("event_rate", 10);
        Wadi.Response r = wadi.post("/api/v1/connection_tables/test", table.toString());
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().orElse("").startsWith("text/event-stream"), r.contentType().toString());
        List<JsonNode> events = events(r.body());
        assertTrue(events.size() >= 2, r.body());
        JsonNode last = events.get(events.size() - 1);
        assertTrue(last.get("done").asBoolean() && !last.get("error").asBoolean(), r.body());

        table.putObject("config").put("rate", 10);
        List<JsonNode> failed = events(wadi.post("/api/v1/connection_tables/test", table.toString()).body());
        JsonNode end = failed.get(failed.size() - 1);
        assertTrue(end.get("done").asBoolean() && end.get("error").asBoolean(), failed.toString());
        assertTrue(end.get("message").asText().contains("rate"), failed.toString());
    }

    private static List<JsonNode> events(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                try {
                    out.add(Wadi.JSON.readTree(line.substring("data:".length()).trim()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return out;
    }

    @Test
    void secretsAreCiphertextInTheDatabaseAndMaskedInAnswersAndTheLog() throws Exception {
        ObjectNode profile = object().put("name", "secure_kafka").put("connector", "kafka");
        ObjectNode config = profile.putObject("config").put("bootstrap_servers", "127.0.0.1:9092");
        config.putObject("auth").put("type", "sasl").put("mechanism", "PLAIN").put("protocol", "SASL_PLAINTEXT")
                .put("username", "alice").put("password", SECRET);
        Wadi.Response created = wadi.post("/api/v1/connection_profiles", profile.toString());
        assertEquals(200, created.status(), created.body());
        assertFalse(created.body().contains(SECRET), created.body());
        assertEquals("********", created.json().get("config").get("auth.password").asText(), created.body());
        assertEquals("alice", created.json().get("config").get("auth.username").asText(), created.body());
        Wadi.Response list = wadi.get("/api/v1/connection_profiles");
        assertTrue(list.body().contains("secure_kafka") && !list.body().contains(SECRET), list.body());

        try (Connection c = DriverManager.getConnection(DB_URL);
                PreparedStatement s = c.prepareStatement("SELECT o.value, o.encrypted FROM connection_profile_options o "
                        + "JOIN connection_profiles p ON p.id = o.profile_id WHERE p.name = ? AND o.key = ?")) {
            s.setString(1, "secure_kafka");
            s.setString(2, "auth.password");
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next(), "the password option is not in the database");
                assertTrue(rows.getBoolean(2));
                assertTrue(rows.getString(1).startsWith("wadi:v1:") && !rows.getString(1).contains(SECRET),
                        rows.getString(1));
            }
        }
        // the key the server generated on first start, readable by its owner only
        Path key = wadi.home().resolve("data/secret.key");
        assertTrue(Files.exists(key), key + " was not generated");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        Path log = wadi.home().resolve("data/log/karaf.log");
        String text = Files.readString(log);
        assertFalse(text.contains(SECRET), "the log holds the secret");
        assertTrue(text.contains("secure_kafka"), "the log names the saved profile");
    }
}
