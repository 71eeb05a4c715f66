package org.wadi.sql.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.wadi.connector.singlefile.internal.SingleFileConnector;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.sql.PlanResult;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Runs a golden case's query through the planner and the runtime in this JVM, with the real
 * {@code single_file} connector: to the end at one parallelism, or stopped with a checkpoint once
 * every source has read half its file and then restored at another parallelism.
 */
final class GoldenRunner {

    static final long WAIT_SECONDS = 60;

    /** Planning or running failed: the planner's errors or the failed tasks' messages. */
    static final class RunFailure extends RuntimeException {
        RunFailure(String message) {
            super(message);
        }
    }

    private final GoldenCase c;
    private final ExecutorService uploader;
    private final FileAccess files;
    private final List<String> failures = new CopyOnWriteArrayList<>();

    GoldenRunner(GoldenCase c, ExecutorService uploader) {
        this.c = c;
        this.uploader = uploader;
        Path root = c.inputDir.getParent();
        this.files = path -> {
            Path p = Path.of(path.startsWith("file://") ? path.substring("file://".length()) : path)
                    .toAbsolutePath().normalize();
            if (!p.startsWith(root)) {
                throw new ConnectorException("Path '" + path + "' is outside the file roots: " + root);
            }
            return p;
        };
    }

    DataflowPlan plan(int parallelism) {
        Map<String, Connector> connectors = new HashMap<>(Map.of("single_file", new SingleFileConnector()));
        PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(connectors), files).plan(c.sql, parallelism);
        if (!planned.ok()) {
            throw new RunFailure("planning failed: " + planned.errors());
        }
        // as a worker gets it
        return PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
    }

    /** Runs the query at {@code parallelism} until every source has read its whole file. */
    void runToEnd(int parallelism) throws Exception {
        DataflowPlan plan = plan(parallelism);
        Execution e = build(plan, new SingleFileConnector(), Checkpoints.unavailable(CheckpointListener.NONE,
                "no checkpoints in a whole run"));
        e.start();
        await(e);
    }

    /**
     * Runs the query at {@code first} until every source has read half its lines, stops it with
     * checkpoint 1 there, then restores it from that checkpoint at {@code then} and runs it to the end.
     */
    void stopHalfwayThenRestore(int first, int then) throws Exception {
        Path root = Files.createDirectories(c.inputDir.getParent().resolve("checkpoints"));
        try (FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root)) {
            DataflowPlan plan1 = plan(first);
            Pausing pausing = new Pausing();
            Reports reports = new Reports();
            Execution e1 = build(plan1, pausing, new Checkpoints("job_golden", storage, uploader, reports, -1)
                    .forPlan(plan1));
            e1.start();
            int sources = plan1.nodes().stream().filter(n -> n.operator() instanceof SourceOperator)
                    .mapToInt(PlanNode::parallelism).sum();
            waitFor(() -> pausing.paused.size() == sources || !failures.isEmpty(),
                    "every source paused halfway: " + pausing.paused);
            failIfFailed();
            e1.triggerCheckpoint(1, true);
            int subtasks = plan1.nodes().stream().mapToInt(PlanNode::parallelism).sum();
            waitFor(() -> reports.completed.size() == subtasks || !reports.failed.isEmpty() || !failures.isEmpty(),
                    "every subtask stored its state: " + reports.completed.keySet());
            if (!reports.failed.isEmpty()) {
                throw new RunFailure("checkpoint 1 failed: " + reports.failed);
            }
            e1.commitCheckpoint(1);
            await(e1);

            DataflowPlan plan2 = plan(then);
            Execution e2 = build(plan2, new SingleFileConnector(), new Checkpoints("job_golden", storage, uploader,
                    CheckpointListener.NONE, 1).forPlan(plan2));
            e2.start();
            await(e2);
        }
    }

    private Execution build(DataflowPlan plan, Connector singleFile, Checkpoints checkpoints) throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(singleFile);
        return Execution.build("job_golden", plan, "w1", Execution.Placement.all("w1"), registry, files,
                new ExprCompiler(), RuntimeOptions.DEFAULTS, new Listener(), checkpoints);
    }

    private void await(Execution e) throws Exception {
        try {
            e.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException t) {
            e.stop(false);
            throw new RunFailure("the run did not end within " + WAIT_SECONDS + " s; failures: " + failures);
        }
        failIfFailed();
    }

    private void failIfFailed() {
        if (!failures.isEmpty()) {
            throw new RunFailure("the run failed: " + failures);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new RunFailure("not within " + WAIT_SECONDS + " s: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** Task reports: failures are kept. */
    private final class Listener implements ExecutionListener {
        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            failures.add(operatorId + "#" + subtask + " " + domain + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    /** Checkpoint reports. */
    private static final class Reports implements CheckpointListener {
        final Map<String, Long> completed = new ConcurrentHashMap<>();
        final Map<String, String> failed = new ConcurrentHashMap<>();

        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            completed.put(operatorId + "[" + subtask + "]", bytes);
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            failed.put(operatorId + "[" + subtask + "]", error);
        }
    }

    /**
     * The real {@code single_file} connector whose sources stop reading (and stay open, idle) once
     * they have read half the lines of their file: with {@code wait_for_control} (the default) a
     * poll reads one line, so the position where all of them stand is exact, whatever the timing.
     */
    private static final class Pausing implements Connector {
        final SingleFileConnector real = new SingleFileConnector();
        final Map<String, Boolean> paused = new ConcurrentHashMap<>();

        @Override
        public ConnectorMetadata metadata() {
            return real.metadata();
        }

        @Override
        public ConnectorTable table(TableRequest request) throws ConnectorException {
            return real.table(request);
        }

        @Override
        public Sink createSink(ConnectorTable table) throws ConnectorException {
            return real.createSink(table);
        }

        @Override
        public Source createSource(ConnectorTable table) throws ConnectorException {
            Source inner = real.createSource(table);
            return new Source() {
                long limit;
                long read;
                String key;

                @Override
                public void open(SourceContext context) throws Exception {
                    inner.open(context);
                    key = table.name() + "#" + context.task().subtaskIndex();
                    limit = GoldenCase.lines(context.files().resolve(table.option("path"))) / 2;
                    if (context.task().subtaskIndex() != 0) {
                        // single_file reads in subtask 0 only; the others end at once
                        paused.put(key, true);
                    }
                }

                @Override
                public SourceStatus poll(Collector out) throws Exception {
                    if (read >= limit) {
                        paused.put(key, true);
                        return SourceStatus.IDLE;
                    }
                    SourceStatus s = inner.poll(out);
                    if (s == SourceStatus.ACTIVE) {
                        read++;
                    }
                    return s;
                }

                @Override
                public byte[] snapshot(long epoch) throws Exception {
                    return inner.snapshot(epoch);
                }

                @Override
                public void close() throws Exception {
                    inner.close();
                }
            };
        }
    }
}
