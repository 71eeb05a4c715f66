package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Job;
import org.wadi.store.Pipeline;

/**
 * The embedded PostgreSQL over restarts of the store: migrations applied once, data kept, and what
 * a killed server leaves behind (a stale pid file, a postmaster still running) cleared.
 */
class EmbeddedPostgresServerTest {

    private static Path template;
    private Path root;
    private Path dataDir;

    /** One initdb and migration for the class; each test starts from a copy. */
    @BeforeAll
    static void createTemplate() throws IOException {
        template = Files.createTempDirectory("wadi-embedded-pg-template");
        new MyBatisPipelineStore(StoreSettings.embedded(template.resolve("postgres"))).close();
    }

    @AfterAll
    static void deleteTemplate() throws IOException {
        TestFiles.deleteTree(template);
    }

    @BeforeEach
    void copyTemplate() throws IOException {
        root = Files.createTempDirectory("wadi-embedded-pg-test");
        dataDir = root.resolve("postgres");
        TestFiles.copyTree(template.resolve("postgres"), dataDir);
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        TestFiles.deleteTree(root);
    }

    /** Every migration the store ships, as its index lists them. */
    private static final List<Integer> ALL_VERSIONS = Migrations.load(Migrations.class.getClassLoader()).stream()
            .map(Migrations.Migration::version).toList();

    @Test
    void migratesOnceAndKeepsDataOverRestarts() throws Exception {
        Instant installed;
        try (MyBatisPipelineStore store = open()) {
            assertEquals(ALL_VERSIONS, versions(store));
            installed = installedAt(store);
            store.createPipeline(pipeline("pl_1"), job("job_1", "pl_1"));
            assertTrue(isRunning(), "the postmaster named in postmaster.pid runs");
        }
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "stopped cleanly on close");

        try (MyBatisPipelineStore store = open()) {
            assertEquals(ALL_VERSIONS, versions(store));
            assertEquals(installed, installedAt(store), "not applied again");
            assertEquals("name of pl_1", store.getPipeline("pl_1").orElseThrow().name());
            assertEquals(JobState.Created, store.getJob("job_1").orElseThrow().state());
        }
    }

    @Test
    void removesAStalePidFile() throws Exception {
        try (MyBatisPipelineStore store = open()) {
            store.createPipeline(pipeline("pl_1"), job("job_1", "pl_1"));
        }
        Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
        writePidFile(dead.pid());
        try (MyBatisPipelineStore store = open()) {
            assertTrue(store.getPipeline("pl_1").isPresent());
        }

        // a live process that is not a postmaster of this directory: its id was reused
        writePidFile(ProcessHandle.current().pid());
        try (MyBatisPipelineStore store = open()) {
            assertTrue(store.getPipeline("pl_1").isPresent());
        }
    }

    @Test
    void stopsAPostmasterLeftRunningByAKilledServer() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process killed = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanPostmaster.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("orphan.log").toFile())
                .start();
        assertTrue(killed.waitFor(120, TimeUnit.SECONDS), "the first server started PostgreSQL and died");
        assertEquals(0, killed.exitValue(), () -> log(root.resolve("orphan.log")));
        long orphanPid = pidInFile();
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow(() -> new AssertionError("no orphan postmaster " + orphanPid));
        assertTrue(orphan.isAlive());

        try (MyBatisPipelineStore store = open()) {
            assertFalse(orphan.isAlive(), "the orphan was stopped");
            assertEquals(ALL_VERSIONS, versions(store));
            store.createPipeline(pipeline("pl_1"), job("job_1", "pl_1"));
        }
    }

    @Test
    void refusesADirectoryInUseByAnotherStore() throws Exception {
        try (MyBatisPipelineStore store = open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(store.getPipeline("pl_none").isEmpty(), "the first one is unharmed");
        }
    }

    private MyBatisPipelineStore open() {
        return new MyBatisPipelineStore(StoreSettings.embedded(dataDir));
    }

    private void writePidFile(long pid) throws IOException {
        Files.writeString(dataDir.resolve("postmaster.pid"), pid + "\n" + dataDir + "\n", StandardCharsets.UTF_8);
    }

    private long pidInFile() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private boolean isRunning() throws IOException {
        return ProcessHandle.of(pidInFile()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Integer> versions(MyBatisPipelineStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new java.util.ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            return versions;
        }
    }

    private static Instant installedAt(MyBatisPipelineStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT installed_at FROM schema_version WHERE version = 1")) {
            assertTrue(rs.next());
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    private static Pipeline pipeline(String id) {
        return new Pipeline(id, "name of " + id, "SELECT 1", 1, 1_000_000L, "{}", StopMode.NONE, null, null);
    }

    private static Job job(String id, String pipelineId) {
        return new Job(id, pipelineId, JobState.Created, true, 0, null, null, null, null, null, null, null);
    }
}
