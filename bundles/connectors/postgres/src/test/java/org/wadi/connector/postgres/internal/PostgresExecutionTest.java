package org.wadi.connector.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.sql.PlanResult;
import org.wadi.sql.internal.CalciteSqlPlanner;
import org.wadi.sql.internal.ConnectorLookup;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Pipelines planned from SQL and run by the worker's {@link Execution} with checkpoints in a
 * folder, against an embedded PostgreSQL: a job fails after a checkpoint was recorded but before
 * it was committed, and a second job restores from it. The jdbc sink then holds every appended row
 * exactly once; an updating aggregate over a postgres_cdc table, upserted by the jdbc sink, equals
 * the same aggregate computed by PostgreSQL; and a lookup join reads a jdbc lookup table.
 */
class PostgresExecutionTest {

    @TempDir
    static Path dir;
    static final ExecutorService uploader = Executors.newFixedThreadPool(2);

    final CounterConnector counter = new CounterConnector();

    @AfterAll
    static void stop() {
        uploader.shutdownNow();
    }

    /** Counts stored subtask states per checkpoint and keeps failures. */
    static final class Reports implements CheckpointListener, ExecutionListener {
        final Map<Long, Integer> stored = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            stored.merge(epoch, 1, Integer::sum);
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failures.add("checkpoint " + epoch + " " + operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "[" + subtask + "]: " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    static void await(BooleanSupplier condition, String what, Reports reports) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (!reports.failures.isEmpty()) {
                throw new AssertionError(what + ": " + reports.failures);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 90 s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    DataflowPlan plan(String sql, int parallelism) {
        PlanResult r = new CalciteSqlPlanner(ConnectorLookup.of(Map.<String, Connector>of("counter", counter,
                "postgres_cdc", new PostgresCdcConnector(), "jdbc", new JdbcConnector())), p -> Path.of(p))
                .plan(sql, parallelism);
        assertTrue(r.ok(), () -> r.errors().toString());
        return r.plan();
    }

    Execution job(String jobId, DataflowPlan plan, Checkpoints checkpoints, Reports reports) throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(counter);
        registry.add(new PostgresCdcConnector());
        registry.add(new JdbcConnector());
        Execution e = Execution.build(jobId, plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, reports, checkpoints.forPlan(plan));
        e.start();
        return e;
    }

    static int tasks(DataflowPlan plan) {
        return plan.nodes().stream().mapToInt(n -> n.parallelism()).sum();
    }

    /** Takes checkpoints (and commits them) until {@code done}; returns the last epoch. */
    static long checkpointUntil(Execution e, Reports reports, int tasks, long epoch, BooleanSupplier done)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            long ep = ++epoch;
            e.triggerCheckpoint(ep, false);
            await(() -> reports.stored.getOrDefault(ep, 0) == tasks, "checkpoint " + ep + " stored", reports);
            e.commitCheckpoint(ep);
            for (int i = 0; i < 25 && !done.getAsBoolean(); i++) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (done.getAsBoolean()) {
                return epoch;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 90 s of checkpoints");
            }
        }
    }

    static BooleanSupplier rows(String sql, long expected) {
        return () -> {
            try {
                return TestDatabase.count(sql) == expected;
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        };
    }

    static String db() {
        return "url = '" + TestDatabase.url() + "', username = 'postgres'";
    }

    @Test
    void appendedRowsReachTheTableExactlyOnceAcrossAFailure() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS exec_log", "CREATE TABLE exec_log (id BIGINT, k BIGINT)");
        DataflowPlan plan = plan("CREATE TABLE numbers (id BIGINT, k BIGINT) WITH (connector = 'counter');"
                + " CREATE TABLE log (id BIGINT, k BIGINT) WITH (connector = 'jdbc', " + db() + ", 'table' = 'exec_log',"
                + " sink.commit_mode = 'exactly_once', sink.batch_size = '64');"
                + " INSERT INTO log SELECT id, k FROM numbers WHERE id >= 0;", 2);
        Path root = Files.createDirectories(dir.resolve("append"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);
        int tasks = tasks(plan);

        Reports first = new Reports();
        Execution one = job("job_a1", plan, new Checkpoints("job_a1", storage, uploader, first, -1), first);
        counter.limit.set(2000);
        checkpointUntil(one, first, tasks, 0, rows("SELECT count(*) FROM exec_log", 2000));
        counter.limit.set(3000);
        await(() -> counter.next.get() == 3000, "3000 rows read", first);
        // checkpoint 10 is stored (recorded) but the job dies before its commit
        one.triggerCheckpoint(10, false);
        await(() -> first.stored.getOrDefault(10L, 0) == tasks, "checkpoint 10 stored", first);
        one.stop(false);
        one.done().get(30, TimeUnit.SECONDS);
        assertEquals(2000, TestDatabase.count("SELECT count(*) FROM exec_log"), "checkpoint 10 is not committed");

        Reports second = new Reports();
        Execution two = job("job_a2", plan, new Checkpoints("job_a2", storage, uploader, second, 10, "job_a1",
                storage), second);
        await(rows("SELECT count(*) FROM exec_log", 3000), "checkpoint 10 committed when restored", second);
        counter.limit.set(5000);
        checkpointUntil(two, second, tasks, 10, rows("SELECT count(*) FROM exec_log", 5000));
        two.stop(false);
        two.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), second.failures);
        assertEquals(List.of(List.of("5000", "5000", "0", "4999")),
                TestDatabase.query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM exec_log"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts"), "no transaction left prepared");
        storage.close();
    }

    @Test
    void anUpdatingAggregateOfChangesIsUpsertedExactlyOnceAcrossAFailure() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS exec_items", "DROP TABLE IF EXISTS exec_totals",
                "DROP TABLE IF EXISTS exec_mirror",
                "CREATE TABLE exec_items (id BIGINT PRIMARY KEY, name TEXT, qty BIGINT)",
                "ALTER TABLE exec_items REPLICA IDENTITY FULL",
                "INSERT INTO exec_items SELECT i, 'g' || (i % 5), i FROM generate_series(1, 200) i",
                "CREATE TABLE exec_totals (name TEXT PRIMARY KEY, total BIGINT, n BIGINT)",
                "CREATE TABLE exec_mirror (id BIGINT PRIMARY KEY, name TEXT, qty BIGINT)");
        DataflowPlan plan = plan("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, qty BIGINT) WITH ("
                + " connector = 'postgres_cdc', " + db() + ", 'table' = 'exec_items', slot.name = 'exec_slot');"
                + " CREATE TABLE totals (name TEXT PRIMARY KEY, total BIGINT, n BIGINT) WITH (connector = 'jdbc', "
                + db() + ", 'table' = 'exec_totals', sink.commit_mode = 'exactly_once');"
                + " CREATE TABLE mirror (id BIGINT PRIMARY KEY, name TEXT, qty BIGINT) WITH (connector = 'jdbc', "
                + db() + ", 'table' = 'exec_mirror', sink.commit_mode = 'exactly_once');"
                + " INSERT INTO totals SELECT name, sum(qty), count(*) FROM items GROUP BY name;"
                + " INSERT INTO mirror SELECT id, name, qty FROM items;", 2);
        String same = "SELECT count(*) FROM (SELECT name, sum(qty)::bigint AS total, count(*) AS n FROM exec_items"
                + " GROUP BY name) a FULL JOIN exec_totals b USING (name) WHERE a.total IS DISTINCT FROM b.total"
                + " OR a.n IS DISTINCT FROM b.n";
        String mirrored = "SELECT count(*) FROM exec_items a FULL JOIN exec_mirror b USING (id)"
                + " WHERE a.name IS DISTINCT FROM b.name OR a.qty IS DISTINCT FROM b.qty";
        BooleanSupplier caughtUp = () -> rows(same, 0).getAsBoolean() && rows(mirrored, 0).getAsBoolean();
        Path root = Files.createDirectories(dir.resolve("cdc"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);
        int tasks = tasks(plan);

        Reports first = new Reports();
        Execution one = job("job_c1", plan, new Checkpoints("job_c1", storage, uploader, first, -1), first);
        checkpointUntil(one, first, tasks, 0, caughtUp);
        TestDatabase.execute("UPDATE exec_items SET qty = qty + 1000 WHERE id % 3 = 0",
                "DELETE FROM exec_items WHERE id % 7 = 0", "UPDATE exec_items SET name = 'moved' WHERE id % 11 = 0");
        // checkpoints from 10 on are stored (recorded) but never committed, until one holds changes
        long recorded = 9;
        do {
            long ep = ++recorded;
            one.triggerCheckpoint(ep, false);
            await(() -> first.stored.getOrDefault(ep, 0) == tasks, "checkpoint " + ep + " stored", first);
        } while (TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts") == 0 && recorded < 200);
        assertTrue(TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts") > 0, "changes wait for a commit");
        one.stop(false);
        one.done().get(30, TimeUnit.SECONDS);
        TestDatabase.execute("INSERT INTO exec_items SELECT i, 'g' || (i % 4), i FROM generate_series(201, 300) i",
                "UPDATE exec_items SET qty = 0 WHERE id % 13 = 0");

        Reports second = new Reports();
        Execution two = job("job_c2", plan, new Checkpoints("job_c2", storage, uploader, second, recorded, "job_c1",
                storage), second);
        long epoch = checkpointUntil(two, second, tasks, recorded, caughtUp);
        TestDatabase.execute("DELETE FROM exec_items WHERE name = 'g1'");
        checkpointUntil(two, second, tasks, epoch, caughtUp);
        two.stop(false);
        two.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), second.failures);
        assertEquals(0, TestDatabase.count(same));
        assertEquals(0, TestDatabase.count(mirrored));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM exec_totals WHERE name = 'g1'"), "a deleted group");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM pg_prepared_xacts"));
        storage.close();
    }

    @Test
    void aLookupJoinReadsAJdbcLookupTable() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS exec_users", "DROP TABLE IF EXISTS exec_enriched",
                "CREATE TABLE exec_users (id BIGINT PRIMARY KEY, name TEXT)",
                "INSERT INTO exec_users SELECT i, 'user' || i FROM generate_series(0, 4) i",
                "CREATE TABLE exec_enriched (id BIGINT, name TEXT)");
        DataflowPlan plan = plan("CREATE TABLE numbers (id BIGINT, k BIGINT) WITH (connector = 'counter');"
                + " CREATE TEMPORARY TABLE users (id BIGINT PRIMARY KEY, name TEXT) WITH (connector = 'jdbc', " + db()
                + ", 'table' = 'exec_users', lookup.cache.max_bytes = '100000', lookup.cache.ttl = '1 minute');"
                + " CREATE TABLE enriched (id BIGINT, name TEXT) WITH (connector = 'jdbc', " + db()
                + ", 'table' = 'exec_enriched');"
                + " INSERT INTO enriched SELECT n.id, u.name FROM numbers n LEFT JOIN users u ON n.k = u.id;", 1);
        Path root = Files.createDirectories(dir.resolve("lookup"));
        FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);
        Reports reports = new Reports();
        counter.limit.set(1000);
        Execution e = job("job_l", plan, new Checkpoints("job_l", storage, uploader, reports, -1), reports);
        checkpointUntil(e, reports, tasks(plan), 0, rows("SELECT count(*) FROM exec_enriched", 1000));
        e.stop(false);
        e.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), reports.failures);
        // ids whose k is 0…4 have a user; 5 and 6 have none (LEFT JOIN: NULL)
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM exec_enriched WHERE name IS DISTINCT FROM"
                + " CASE WHEN id % 7 < 5 THEN 'user' || (id % 7) END"));
        assertEquals(1000, TestDatabase.count("SELECT count(DISTINCT id) FROM exec_enriched"));
        storage.close();
    }
}
