package org.wadi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WADI_SCHEDULER=embedded: workers run inside the server, no process is started. This server also
 * keeps its state in the machine's PostgreSQL (WADI_DATABASE_URL), in a database of its own that
 * the test creates and drops, instead of the embedded one.
 */
class EmbeddedSchedulerIT {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String DATABASE = "wadi_it_" + Long.toHexString(System.nanoTime());
    private static Wadi wadi;

    @BeforeAll
    static void start() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        wadi = Wadi.start("embedded", Map.of("WADI_SCHEDULER", "embedded",
                "WADI_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres"));
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

    @Test
    void theServerKeepsItsStateInTheConfiguredDatabase() throws SQLException {
        String pipeline = wadi.createPipeline("in-postgres", Pipelines.impulseToFile(wadi.files().resolve("pg.json"), 10), 1);
        String url = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE + "?user=postgres";
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement("SELECT name FROM pipelines WHERE id = ?")) {
            s.setString(1, pipeline);
            try (ResultSet rows = s.executeQuery()) {
                assertTrue(rows.next(), "pipeline " + pipeline + " is not in database " + DATABASE);
                assertEquals("in-postgres", rows.getString(1));
            }
        }
        // Wadi.start points the embedded PostgreSQL at a folder beside the distribution
        assertFalse(Files.exists(wadi.home().resolveSibling("postgres")), "an embedded PostgreSQL was started anyway");
    }

    @Test
    void aTumblingWindowCountsEveryRowOnceThroughTheRealServer() {
        Path out = wadi.files().resolve("windows.json");
        // 100 rows 100 ms apart in event time: about ten one-second windows
        String query = "CREATE TABLE impulse WITH (connector = 'impulse', event_rate = '1000', message_count = '100',"
                + " event_time_interval = '100000000');\n"
                + "CREATE TABLE counts (window_start TIMESTAMP, window_end TIMESTAMP, n BIGINT) WITH ("
                + "connector = 'single_file', path = '" + out + "', type = 'sink', format = 'json');\n"
                + "INSERT INTO counts SELECT window.start, window.end, n FROM (\n"
                + "  SELECT tumble(interval '1 second') AS window, count(*) AS n FROM impulse GROUP BY window);";
        String pipeline = wadi.createPipeline("windows", query, 1);

        Pipelines.assertFinished(wadi.awaitFinalJob(pipeline, Duration.ofSeconds(120)), wadi);
        long total = 0;
        for (JsonNode row : Pipelines.rows(out)) {
            long rows = row.get("n").asLong();
            assertTrue(rows >= 1 && rows <= 10, "a one-second window of rows 100 ms apart holds 1 to 10: " + row);
            total += rows;
        }
        assertEquals(100, total, "every row counted once");
    }

    @Test
    void aBoundedPipelineFinishesInsideTheServer() {
        Path out = wadi.files().resolve("embedded-out.json");
        String pipeline = wadi.createPipeline("embedded-impulse", Pipelines.impulseToFile(out, 1000), 1);

        JsonNode job = wadi.awaitFinalJob(pipeline, Duration.ofSeconds(120));

        Pipelines.assertFinished(job, wadi);
        Pipelines.assertEvenCounters(out);
        assertTrue(wadi.workerProcesses(null).isEmpty(), "the embedded scheduler started a worker process");
    }
}
