package org.wadi.bench.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.connector.blackhole.internal.BlackholeConnector;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
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
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * The nexmark source through the worker runtime across rescales: a job stopped at a checkpoint
 * (the final checkpoint of a stop, as the controller takes it to rescale) and restored at another
 * parallelism, 2 → 3 → 1, delivers every event exactly once overall.
 */
class NexmarkRescaleTest {

    private static final long EVENTS = 60_000;
    private static final long BASE_MS = 1_700_000_000_000L;
    private static final String JOB = "job_rescale";

    @TempDir
    Path dir;
    private final ExecutorService uploader = Executors.newFixedThreadPool(2);

    @AfterEach
    void tearDown() {
        uploader.shutdownNow();
    }

    /** The blackhole, remembering the number of each event its sinks received (event time in ms). */
    static final class Recording implements Connector {
        final BlackholeConnector blackhole = new BlackholeConnector();
        final Queue<Long> events = new ConcurrentLinkedQueue<>();

        @Override
        public ConnectorMetadata metadata() {
            return blackhole.metadata();
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            return blackhole.table(request);
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                @Override
                public void open(SinkContext context, byte[] restoredState) {
                }

                @Override
                public void write(Object[] row) {
                    // [person, auction, bid]: one is set; its datetime (nanoseconds) names the event
                    for (int k = 0; k < 3; k++) {
                        if (row[k] != null) {
                            long nanos = (Long) ((Object[]) row[k])[k == 0 ? 6 : 5];
                            events.add(nanos / 1_000_000L - BASE_MS);
                        }
                    }
                }
            };
        }
    }

    /** Counts the stored states of a checkpoint and commits it once every subtask reported. */
    static final class Committer implements CheckpointListener {
        final AtomicInteger reports = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        volatile int expected;
        volatile Execution execution;

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            if (reports.incrementAndGet() == expected) {
                execution.commitCheckpoint(epoch);
            }
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failures.add(operatorId + "[" + subtask + "]: " + error);
        }
    }

    @Test
    void restoresAtTwoThenThreeThenOneWithEveryEventOnce() throws Exception {
        Recording sink = new Recording();
        NexmarkConnector nexmark = new NexmarkConnector();
        Map<String, Connector> connectors = new HashMap<>(Map.of("nexmark", nexmark, "blackhole", sink));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(nexmark);
        registry.add(sink);
        // paced (20 000 events/s), so that the checkpoints come while the input still runs
        String sql = "CREATE TABLE nexmark WITH (connector = 'nexmark', event_rate = '20000', events = '" + EVENTS
                + "', event_time_rate = '1000', base_time = '" + BASE_MS + "');\n"
                + "CREATE TABLE out WITH (connector = 'blackhole');\n"
                + "INSERT INTO out SELECT person, auction, bid FROM nexmark;";
        Path root = Files.createDirectories(dir.resolve("checkpoints"));
        FileObjectStore store = new FileObjectStore(root.toUri().toString(), root);
        int[] parallelisms = {2, 3, 1};
        long restore = -1;
        for (int run = 0; run < parallelisms.length; run++) {
            int p = parallelisms[run];
            PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(connectors), path -> {
                throw new ConnectorException("no files");
            }).plan(sql, p);
            assertTrue(planned.ok(), () -> planned.errors().toString());
            DataflowPlan plan = planned.plan();
            Committer committer = new Committer();
            committer.expected = plan.nodes().stream().mapToInt(n -> n.parallelism()).sum();
            Bench.Failures failures = new Bench.Failures();
            Execution e = Execution.build(JOB, plan, "w", Execution.Placement.all("w"), registry, path -> {
                throw new ConnectorException("no files");
            }, new ExprCompiler(), RuntimeOptions.DEFAULTS, failures,
                    new Checkpoints(JOB, store, uploader, committer, restore));
            committer.execution = e;
            e.start();
            boolean last = run == parallelisms.length - 1;
            if (!last) {
                // let it read a while, then stop it at checkpoint run + 1
                long before = sink.events.size();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (sink.events.size() < before + 5_000) {
                    assertTrue(System.nanoTime() < deadline, "no progress at parallelism " + p);
                    Thread.sleep(5);
                }
                restore = run + 1;
                e.triggerCheckpoint(restore, true);
            }
            e.done().get(60, TimeUnit.SECONDS);
            assertTrue(failures.messages.isEmpty(), failures.messages::toString);
            assertTrue(committer.failures.isEmpty(), committer.failures::toString);
            if (!last) {
                assertEquals(committer.expected, committer.reports.get(), "reports of checkpoint " + restore);
                assertTrue(sink.events.size() < EVENTS, "the input ended before the checkpoint at parallelism " + p);
            }
        }
        store.close();

        int[] seen = new int[(int) EVENTS];
        for (long n : sink.events) {
            assertTrue(n >= 0 && n < EVENTS, "event " + n);
            seen[(int) n]++;
        }
        for (int n = 0; n < EVENTS; n++) {
            assertEquals(1, seen[n], "event " + n + " delivered " + seen[n] + " times");
        }
    }
}
