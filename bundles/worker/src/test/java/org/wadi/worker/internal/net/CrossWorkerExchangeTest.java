package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.net.NetTesting.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.UnionOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.ScriptedSource;
import org.wadi.worker.internal.runtime.TestConnectors;

/**
 * Two workers, "w1" and "w2", in one JVM, each with its own data server on 127.0.0.1, running one
 * plan between them over real TCP connections.
 */
class CrossWorkerExchangeTest {

    static final long S = 1_000_000_000L;
    static final String KEY = "job_x/1";
    static final FileAccess NO_FILES = p -> Path.of("/nonexistent");
    static final Schema NUMBERS = Schema.of(Field.of("n", DataType.INT64), Field.of("m", DataType.INT64),
            Field.of("k", DataType.INT64));
    static final Schema EVENTS = Schema.of(Field.of("k", DataType.INT64), Field.of("v", DataType.INT64),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    static final Schema WINDOWED = Schema.of(Field.of("k", DataType.INT64), Field.of("n", DataType.INT64),
            Field.of("total", DataType.INT64), new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
    /** Even subtasks on w1, odd ones on w2. */
    static final Execution.Placement SPREAD = (op, i) -> i % 2 == 0 ? "w1" : "w2";

    DataServer server1;
    DataServer server2;
    final NetTesting.Reports reports1 = new NetTesting.Reports();
    final NetTesting.Reports reports2 = new NetTesting.Reports();
    final List<Execution> executions = new ArrayList<>();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void openServers() throws IOException {
        server1 = DataServer.open("127.0.0.1", 10_000);
        server2 = DataServer.open("127.0.0.1", 10_000);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (Execution e : executions) {
            e.stop(false);
        }
        for (Execution e : executions) {
            e.done().get(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server1.close();
        server2.close();
    }

    static ConnectorTable table(String name, String connector, Map<String, String> options, Schema schema) {
        return new ConnectorTable(name, connector, options, schema, Set.of(TableRole.SOURCE, TableRole.SINK), true);
    }

    /** range (p) → SHUFFLE by n % 13 → held sink (p). */
    static DataflowPlan numbers(int parallelism, long count, Map<String, String> sinkOptions) {
        return numbers(parallelism, parallelism, count, sinkOptions);
    }

    static DataflowPlan numbers(int sources, int sinks, long count, Map<String, String> sinkOptions) {
        return new DataflowPlan(List.of(
                new PlanNode("source_1", "range", sources, new SourceOperator(table("numbers", "range",
                        Map.of("count", Long.toString(count), "key_mod", "13", "per_poll", "10"), NUMBERS))),
                new PlanNode("sink_2", "held", sinks, new SinkOperator(table("out", "held", sinkOptions, NUMBERS)))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.SHUFFLE, List.of(2), NUMBERS)));
    }

    /** scripted (p) → watermark → SHUFFLE by k → tumbling count and sum per second → collect (p). */
    static DataflowPlan windows(int parallelism, long delayNanos) {
        return new DataflowPlan(List.of(
                new PlanNode("source_1", "scripted", parallelism, new SourceOperator(table("events", "scripted",
                        Map.of(), EVENTS))),
                new PlanNode("watermark_2", "watermark", parallelism, new WatermarkOperator(EVENTS, delayNanos, 0,
                        1_000_000L)),
                new PlanNode("window_3", "window", parallelism, new WindowAggregateOperator(EVENTS,
                        WindowSpec.tumble(S), List.of(0), List.of(new AggregateCall("count", -1, false, DataType.INT64),
                                new AggregateCall("sum", 1, false, DataType.INT64)), WINDOWED)),
                new PlanNode("sink_4", "collect", parallelism, new SinkOperator(table("out", "collect", Map.of(),
                        WINDOWED)))),
                List.of(new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), EVENTS),
                        new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), EVENTS),
                        new PlanEdge("window_3", "sink_4", EdgeKind.FORWARD, List.of(), WINDOWED)));
    }

    /** 2,000 rows over 20 s of event time, 7 keys, spread over the subtasks, slightly out of order in each. */
    static ScriptedSource events(int parallelism, boolean holdAtEnd) {
        ScriptedSource source = new ScriptedSource(holdAtEnd);
        for (int i = 0; i < parallelism; i++) {
            source.rows.put(i, new ArrayList<>());
        }
        for (long n = 0; n < 2000; n++) {
            long t = n * 10_000_000L + (n % 3 == 0 ? 5_000_000L : 0);
            source.rows.get((int) (n % parallelism)).add(new Object[] {n % 7, n, t});
        }
        return source;
    }

    /** Window results as "key@start-end (ms) → count/sum". */
    static TreeMap<String, String> results(TestConnectors.Collect collect) {
        TreeMap<String, String> out = new TreeMap<>();
        synchronized (collect.rows) {
            for (Object[] r : collect.rows) {
                Object[] w = (Object[]) r[3];
                String previous = out.put(r[0] + "@" + (long) w[0] / 1_000_000 + "-" + (long) w[1] / 1_000_000,
                        r[1] + "/" + r[2]);
                assertEquals(null, previous, "one result per key and window");
            }
        }
        return out;
    }

    Execution one(DataflowPlan plan, ConnectorRegistry registry, RuntimeOptions options) throws PlanException {
        Execution e = Execution.build("job_x", plan, "w1", Execution.Placement.all("w1"), registry, NO_FILES,
                new ExprCompiler(), options, new NetTesting.Reports());
        executions.add(e);
        return e;
    }

    Execution build(String worker, DataflowPlan plan, Execution.Placement placement, ConnectorRegistry registry,
            RuntimeOptions options, Checkpoints checkpoints, Map<String, String> peers) throws PlanException {
        DataServer server = worker.equals("w1") ? server1 : server2;
        Execution e = Execution.build("job_x", plan, worker, placement, registry, NO_FILES, new ExprCompiler(), options,
                worker.equals("w1") ? reports1 : reports2, checkpoints, server.session(KEY, worker, peers));
        executions.add(e);
        return e;
    }

    Map<String, String> peers() {
        return Map.of("w1", server1.address(), "w2", server2.address());
    }

    static Checkpoints noCheckpoints() {
        return Checkpoints.unavailable(CheckpointListener.NONE, "no checkpoints in this test");
    }

    /** Each sink subtask's values of n, sorted. */
    static TreeMap<Integer, List<Long>> bySubtask(NetTesting.Held held) {
        TreeMap<Integer, List<Long>> out = new TreeMap<>();
        held.rows.forEach((subtask, rows) -> {
            synchronized (rows) {
                out.put(subtask, rows.stream().map(r -> (Long) r[0]).sorted().toList());
            }
        });
        return out;
    }

    @Test
    void aShuffleAcrossWorkersDeliversTheSameRowsToTheSameSubtasksAsOneWorker() throws Exception {
        NetTesting.Held alone = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(alone);
        Execution single = one(numbers(4, 20_000, Map.of()), registry, RuntimeOptions.DEFAULTS);
        single.start();
        single.done().get(30, TimeUnit.SECONDS);

        NetTesting.Held spread = new NetTesting.Held("held");
        ConnectorRegistry registry2 = new ConnectorRegistry();
        registry2.add(new TestConnectors.Range());
        registry2.add(spread);
        Execution e1 = build("w1", numbers(4, 20_000, Map.of()), SPREAD, registry2, RuntimeOptions.DEFAULTS,
                noCheckpoints(), peers());
        Execution e2 = build("w2", numbers(4, 20_000, Map.of()), SPREAD, registry2, RuntimeOptions.DEFAULTS,
                noCheckpoints(), peers());
        e1.start();
        e2.start();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);

        assertEquals(List.of(), reports1.failures());
        assertEquals(List.of(), reports2.failures());
        assertEquals(20_000, spread.count());
        assertEquals(bySubtask(alone), bySubtask(spread));
        // source subtask 0 (w1) emits n = 0, 4, 8, …: some of them reached sink subtasks 1 and 3 (w2)
        assertTrue(spread.rows.get(1).stream().anyMatch(r -> (Long) r[0] % 4 == 0)
                && spread.rows.get(3).stream().anyMatch(r -> (Long) r[0] % 4 == 0), "rows crossed from w1 to w2");
        assertTrue(spread.rows.get(0).stream().anyMatch(r -> (Long) r[0] % 4 == 1), "rows crossed from w2 to w1");
    }

    @Test
    void twoEqualEdgesAcrossWorkersAreTwoSetsOfChannels() throws Exception {
        // UNION ALL of one source with itself: the two edges are equal records, yet every row comes twice
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        PlanEdge twice = new PlanEdge("source_1", "union_2", EdgeKind.SHUFFLE, List.of(2), NUMBERS);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "range", 2, new SourceOperator(table("numbers", "range",
                        Map.of("count", "2000", "key_mod", "13"), NUMBERS))),
                new PlanNode("union_2", "union", 2, new UnionOperator(NUMBERS)),
                new PlanNode("sink_3", "held", 2, new SinkOperator(table("out", "held", Map.of(), NUMBERS)))),
                List.of(twice, new PlanEdge("source_1", "union_2", EdgeKind.SHUFFLE, List.of(2), NUMBERS),
                        new PlanEdge("union_2", "sink_3", EdgeKind.FORWARD, List.of(), NUMBERS)));
        Execution e1 = build("w1", plan, SPREAD, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        Execution e2 = build("w2", plan, SPREAD, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        e1.start();
        e2.start();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), reports1.failures());
        assertEquals(List.of(), reports2.failures());
        assertEquals(4000, held.count());
        Map<Long, Long> times = new TreeMap<>();
        held.rows.values().forEach(rows -> rows.forEach(r -> times.merge((Long) r[0], 1L, Long::sum)));
        assertEquals(2000, times.size());
        assertTrue(times.values().stream().allMatch(n -> n == 2), "every row twice");
    }

    @Test
    void watermarksCrossWorkersAndCloseWindowsWhileTheSourcesAreStillRunning() throws Exception {
        TestConnectors.Collect alone = new TestConnectors.Collect();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(events(3, false));
        registry.add(alone);
        Execution single = one(windows(3, 10_000_000L), registry, RuntimeOptions.DEFAULTS);
        single.start();
        single.done().get(30, TimeUnit.SECONDS);
        TreeMap<String, String> expected = results(alone);
        assertEquals(140, expected.size(), "20 windows × 7 keys");

        TestConnectors.Collect collect = new TestConnectors.Collect();
        ScriptedSource source = events(3, true);
        ConnectorRegistry registry2 = new ConnectorRegistry();
        registry2.add(source);
        registry2.add(collect);
        Execution e1 = build("w1", windows(3, 10_000_000L), SPREAD, registry2, RuntimeOptions.DEFAULTS,
                noCheckpoints(), peers());
        Execution e2 = build("w2", windows(3, 10_000_000L), SPREAD, registry2, RuntimeOptions.DEFAULTS,
                noCheckpoints(), peers());
        e1.start();
        e2.start();
        // the sources hold at their end: only watermarks that crossed can have closed windows 0 … 18
        await("windows to close on watermarks alone", () -> collect.rows.size() >= 19 * 7);
        source.hold.countDown();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);

        assertEquals(List.of(), reports1.failures());
        assertEquals(List.of(), reports2.failures());
        assertEquals(0, e1.lateRows("window_3") + e2.lateRows("window_3"));
        assertEquals(expected, results(collect));
    }

    @Test
    void aCheckpointCompletesWithBarriersAlignedAcrossWorkers(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("checkpoints"));
        FileObjectStore store = new FileObjectStore(root.toUri().toString(), root);
        closeables.add(store::close);
        ExecutorService uploader = Executors.newFixedThreadPool(2);
        closeables.add(uploader::shutdownNow);
        Map<String, Long> completed = new ConcurrentHashMap<>();
        Map<String, String> failed = new ConcurrentHashMap<>();
        CheckpointListener listener = new CheckpointListener() {
            @Override
            public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                    long finishMicros) {
                completed.put(operatorId + "[" + subtask + "]@" + epoch, bytes);
            }

            @Override
            public void failed(long epoch, String operatorId, int subtask, String error) {
                failed.put(operatorId + "[" + subtask + "]@" + epoch, error);
            }
        };
        TestConnectors.Collect collect = new TestConnectors.Collect();
        ScriptedSource source = events(2, true);
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(collect);
        DataflowPlan plan = windows(2, 10_000_000L);
        Execution e1 = build("w1", plan, SPREAD, registry, RuntimeOptions.DEFAULTS,
                new Checkpoints("job_x", store, uploader, listener, -1), peers());
        Execution e2 = build("w2", plan, SPREAD, registry, RuntimeOptions.DEFAULTS,
                new Checkpoints("job_x", store, uploader, listener, -1), peers());
        e1.start();
        e2.start();
        await("rows through the windows", () -> collect.rows.size() > 0);

        // as the controller does: every worker injects the barrier into its sources
        e1.triggerCheckpoint(1, false);
        e2.triggerCheckpoint(1, false);
        await("every subtask of every operator stored checkpoint 1: " + completed,
                () -> completed.keySet().stream().filter(k -> k.endsWith("@1")).count() == 4 * 2);
        assertEquals(Map.of(), failed);
        // each window subtask aligned barriers from a source on its own worker and one on the other
        assertTrue(completed.get("window_3[0]@1") > 0 && completed.get("window_3[1]@1") > 0, completed.toString());
        e1.commitCheckpoint(1);
        e2.commitCheckpoint(1);

        source.hold.countDown();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), reports1.failures());
        assertEquals(List.of(), reports2.failures());
        assertEquals(140, results(collect).size());
    }

    @Test
    void aSlowConsumerHoldsItsRemoteProducersBackWithBoundedBuffers() throws Exception {
        // two sources on w1, one held sink on w2: two channels, each with 2 credits of 8-row batches
        RuntimeOptions options = new RuntimeOptions(8, 2, 20, 50, 0);
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        TestConnectors.Range range = new TestConnectors.Range();
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(range);
        registry.add(held);
        DataflowPlan plan = numbers(2, 1, 5_000, Map.of("block", "true"));
        ExchangeSession s1 = server1.session(KEY, "w1", peers());
        ExchangeSession s2 = server2.session(KEY, "w2", peers());
        Execution e1 = Execution.build("job_x", plan, "w1", placement, registry, NO_FILES, new ExprCompiler(), options,
                reports1, noCheckpoints(), s1);
        executions.add(e1);
        Execution e2 = Execution.build("job_x", plan, "w2", placement, registry, NO_FILES, new ExprCompiler(), options,
                reports2, noCheckpoints(), s2);
        executions.add(e2);
        e1.start();
        e2.start();

        // saturated: the sink's queue is full, so each channel's credits are spent on elements waiting
        // on w2, and both sources wait for more
        await("both channels to spend their credit and both sources to wait for more",
                () -> s2.bufferedElements() == 2 * 2 && s1.blockedSenders() == 2);
        long produced = range.produced.get();
        // per channel: 2 batches in the sink's queue and 2 waiting on w2; 1 batch in the sink's hands;
        // per source: the batch waiting for credit and the row being collected
        long bound = 2 * (2 + 2) * 8 + 8 + 2 * (8 + 1);
        assertTrue(produced <= bound, produced + " rows produced while the sink takes none, more than " + bound);
        assertEquals(2 * 2, s2.maxBufferedElements(), "never more elements waited on w2 than the credits allow");
        assertEquals(0, held.count());

        held.release.countDown();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);
        assertEquals(5_000, held.count(), "nothing was lost while held back");
        assertEquals(2 * 2, s2.maxBufferedElements(), "never more elements waited on w2 than the credits allow");
        assertEquals(List.of(), reports1.failures());
        assertEquals(List.of(), reports2.failures());
    }

    @Test
    void aBlockedChannelDoesNotHoldUpTheOtherChannelsOfItsConnection() throws Exception {
        // two pipelines, both from w1 to w2 over the one connection; the first one's sink takes nothing
        NetTesting.Held slow = new NetTesting.Held("slow");
        NetTesting.Held fast = new NetTesting.Held("fast");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(slow);
        registry.add(fast);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_a", "range", 1, new SourceOperator(table("a", "range", Map.of("count", "3000",
                        "key_mod", "13"), NUMBERS))),
                new PlanNode("sink_a", "slow", 1, new SinkOperator(table("sa", "slow", Map.of("block", "true"), NUMBERS))),
                new PlanNode("source_b", "range", 1, new SourceOperator(table("b", "range", Map.of("count", "3000",
                        "key_mod", "13"), NUMBERS))),
                new PlanNode("sink_b", "fast", 1, new SinkOperator(table("sb", "fast", Map.of(), NUMBERS)))),
                List.of(new PlanEdge("source_a", "sink_a", EdgeKind.SHUFFLE, List.of(2), NUMBERS),
                        new PlanEdge("source_b", "sink_b", EdgeKind.SHUFFLE, List.of(2), NUMBERS)));
        Execution.Placement placement = (op, i) -> op.startsWith("source") ? "w1" : "w2";
        RuntimeOptions options = new RuntimeOptions(16, 2, 20, 50, 0);
        Execution e1 = build("w1", plan, placement, registry, options, noCheckpoints(), peers());
        Execution e2 = build("w2", plan, placement, registry, options, noCheckpoints(), peers());
        e1.start();
        e2.start();

        await("every row of b to arrive while a's sink is blocked", () -> fast.count() == 3000);
        assertEquals(0, slow.count());
        slow.release.countDown();
        e1.done().get(30, TimeUnit.SECONDS);
        e2.done().get(30, TimeUnit.SECONDS);
        assertEquals(3000, slow.count());
    }

    @Test
    void aKilledConnectionFailsTheJobWithAClearError() throws Exception {
        NetTesting.TcpProxy proxy = new NetTesting.TcpProxy(0, server2.address());
        closeables.add(proxy);
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        // unbounded: the source sends until the connection breaks
        DataflowPlan plan = numbers(1, Long.MAX_VALUE, Map.of());
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        Execution e1 = build("w1", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(),
                Map.of("w1", server1.address(), "w2", proxy.address()));
        Execution e2 = build("w2", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        e1.start();
        e2.start();
        await("rows to cross", () -> held.count() > 1000);

        proxy.kill();
        e1.done().get(10, TimeUnit.SECONDS);
        List<String> failures = reports1.failures();
        assertEquals(1, failures.size(), reports1.events.toString());
        assertTrue(failures.get(0).startsWith("FAILED source_1#0 internal: the data connection to worker w2 at "
                + proxy.address() + " broke"), failures.get(0));
        // the controller then stops the rest of the job
        e2.stop(false);
        e2.done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBrokenInboundConnectionFailsTheReceivingTasksAtOnce() throws Exception {
        NetTesting.TcpProxy proxy = new NetTesting.TcpProxy(0, server2.address());
        closeables.add(proxy);
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        // one source on w1, two sinks on w2: both receiving tasks read from the broken connection
        DataflowPlan plan = numbers(1, 2, Long.MAX_VALUE, Map.of());
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        Execution e1 = build("w1", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(),
                Map.of("w1", server1.address(), "w2", proxy.address()));
        Execution e2 = build("w2", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        e1.start();
        e2.start();
        await("rows to cross", () -> held.count() > 1000);

        proxy.kill();
        // no stop from the controller: the receiving side ends by itself, failed
        e2.done().get(10, TimeUnit.SECONDS);
        // the first to notice fails, and the execution cancels the other (as for any failed task)
        List<String> failures = reports2.failures();
        assertFalse(failures.isEmpty(), reports2.events.toString());
        for (String f : failures) {
            assertTrue(f.matches("FAILED sink_2#[01] internal: the data connection from worker w1 at .* broke before all"
                    + " its channels ended.*"), f);
            assertTrue(f.contains("edge source_1 -> sink_2 from subtask 0 on worker w1"), f);
        }
        e1.done().get(10, TimeUnit.SECONDS);
        assertEquals(1, reports1.failures().size(), reports1.events.toString());
    }

    @Test
    void anUnreachablePeerFailsTheSenderNamingThePeerOnceTheConnectTimeoutHasPassed() throws Exception {
        DataServer impatient = DataServer.open("127.0.0.1", 300);
        closeables.add(impatient);
        String nowhere = "127.0.0.1:" + NetTesting.freePort();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(new NetTesting.Held("held"));
        DataflowPlan plan = numbers(1, 100, Map.of());
        Execution e1 = Execution.build("job_x", plan, "w1", (op, i) -> op.equals("source_1") ? "w1" : "w2", registry,
                NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, reports1, noCheckpoints(),
                impatient.session(KEY, "w1", Map.of("w2", nowhere)));
        executions.add(e1);
        e1.start();
        e1.done().get(10, TimeUnit.SECONDS);
        List<String> failures = reports1.failures();
        assertEquals(1, failures.size(), reports1.events.toString());
        assertTrue(failures.get(0).contains("could not connect to worker w2 at " + nowhere + " within 300 ms"),
                failures.get(0));
    }

    @Test
    void aPeerWhoseExecutionNeverStartsRefusesTheConnectionWithTheReason() throws Exception {
        DataServer impatient = DataServer.open("127.0.0.1", 300);
        closeables.add(impatient);
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(new NetTesting.Held("held"));
        DataflowPlan plan = numbers(1, 100, Map.of());
        // w2's server is up, but no execution of this run is built on it
        Execution e1 = Execution.build("job_x", plan, "w1", (op, i) -> op.equals("source_1") ? "w1" : "w2", registry,
                NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, reports1, noCheckpoints(),
                server1.session(KEY, "w1", Map.of("w2", impatient.address())));
        executions.add(e1);
        e1.start();
        e1.done().get(10, TimeUnit.SECONDS);
        List<String> failures = reports1.failures();
        assertEquals(1, failures.size(), reports1.events.toString());
        assertTrue(failures.get(0).contains("worker w2 at " + impatient.address() + " refused the data connection: "
                + "worker w2 at " + impatient.address() + " has not started its part of " + KEY + " within 300 ms"),
                failures.get(0));
    }

    @Test
    void connectingIsRetriedUntilThePeersServerIsUp() throws Exception {
        int port = NetTesting.freePort();
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        DataflowPlan plan = numbers(1, 1000, Map.of());
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        ExchangeSession s1 = server1.session(KEY, "w1", Map.of("w2", "127.0.0.1:" + port));
        Execution e1 = Execution.build("job_x", plan, "w1", placement, registry, NO_FILES, new ExprCompiler(),
                RuntimeOptions.DEFAULTS, reports1, noCheckpoints(), s1);
        executions.add(e1);
        e1.start();
        await("the source to wait for its peer", () -> s1.blockedSenders() == 1);
        // the peer comes up: its server (reached through a proxy on the address w1 was given), then its execution
        NetTesting.TcpProxy proxy = new NetTesting.TcpProxy(port, server2.address());
        closeables.add(proxy);
        Execution e2 = build("w2", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        e2.start();
        e1.done().get(20, TimeUnit.SECONDS);
        e2.done().get(20, TimeUnit.SECONDS);
        assertEquals(1000, held.count());
        assertEquals(List.of(), reports1.failures());
    }

    @Test
    void whenTheReceiverEndsOnPurposeItsSendersEndWithoutFailing() throws Exception {
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        DataflowPlan plan = numbers(1, Long.MAX_VALUE, Map.of());
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        Execution e1 = build("w1", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        Execution e2 = build("w2", plan, placement, registry, RuntimeOptions.DEFAULTS, noCheckpoints(), peers());
        e1.start();
        e2.start();
        await("rows to cross", () -> held.count() > 1000);
        e2.stop(false);
        e2.done().get(10, TimeUnit.SECONDS);
        e1.done().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), reports1.failures());
        assertTrue(reports1.events.contains("FINISHED source_1#0"), reports1.events.toString());
    }

    @Test
    void anEdgeAcrossWorkersWithoutADataExchangeIsRefusedWhileBuilding() {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(new NetTesting.Held("held"));
        PlanException e = org.junit.jupiter.api.Assertions.assertThrows(PlanException.class,
                () -> Execution.build("job_x", numbers(2, 10, Map.of()), "w1", SPREAD, registry, NO_FILES,
                        new ExprCompiler(), RuntimeOptions.DEFAULTS, reports1));
        assertTrue(e.getMessage().contains("edge source_1 -> sink_2 connects subtask 0 on w1 with subtask 1 on w2, but"
                + " this execution has no data exchange with other workers"), e.getMessage());
        assertFalse(e.getMessage().contains("not available yet"));
    }

    @Test
    void chainedOperatorsSplitOverTwoWorkersAreRefusedAndTheSessionIsClosed() {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new ScriptedSource(false));
        registry.add(new TestConnectors.Collect());
        // source and watermark are chained; a placement that splits them cannot run
        Execution.Placement split = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        ExchangeSession session = server1.session(KEY, "w1", peers());
        PlanException e = org.junit.jupiter.api.Assertions.assertThrows(PlanException.class,
                () -> Execution.build("job_x", windows(1, 0), "w1", split, registry, NO_FILES, new ExprCompiler(),
                        RuntimeOptions.DEFAULTS, reports1, noCheckpoints(), session));
        assertTrue(e.getMessage().contains("chained operators must run on one worker"), e.getMessage());
        IllegalStateException closed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                session::open);
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }
}
