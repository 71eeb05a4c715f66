package org.wadi.connector.rabbitmq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.stream.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * A RabbitMQ stream to a queue through the worker's {@link Execution} with checkpoints in a
 * folder: a job at parallelism 2 dies after checkpoint 10 was stored, and a second job restores
 * from it at parallelism 3. The stream source's offsets come from the checkpoint, so no input row
 * is lost; the queue sink is at least once, so a row appears at most twice (once from each job).
 */
class RabbitmqExecutionTest {

    @TempDir
    static Path dir;
    static final ExecutorService uploader = Executors.newFixedThreadPool(2);

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

    Execution job(String jobId, String stream, String queue, int parallelism, Checkpoints checkpoints, Reports reports)
            throws Exception {
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new RabbitmqConnector());
        ConnectorTable in = RabbitmqTesting.table(RabbitmqTesting.options("type", "source", "stream", stream,
                "source.offset", "first"));
        ConnectorTable out = RabbitmqTesting.table(RabbitmqTesting.options("type", "sink", "routing_key", queue));
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "in", parallelism, new SourceOperator(in)),
                new PlanNode("sink_2", "out", parallelism, new SinkOperator(out))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(),
                        RabbitmqTesting.SCHEMA.withTimestamp())));
        Execution e = Execution.build(jobId, plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, reports, checkpoints.forPlan(plan));
        e.start();
        return e;
    }

    /** How often each id came out of the queue so far. */
    final Map<Long, Integer> seen = new TreeMap<>();
    long messages;

    /** Takes what the queue holds now into {@link #seen}. */
    void drain(Channel channel, String queue) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String m : RabbitmqTesting.drain(channel, queue)) {
            seen.merge(json.readTree(m).path("id").asLong(), 1, Integer::sum);
            messages++;
        }
    }

    /** Takes checkpoints until {@code count} distinct rows came out of the queue. */
    long checkpointUntil(Execution e, Reports reports, int tasks, long epoch, Channel channel, String queue,
            int count) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            epoch++;
            long ep = epoch;
            e.triggerCheckpoint(ep, false);
            await(() -> reports.stored.getOrDefault(ep, 0) == tasks, "checkpoint " + ep + " stored", reports);
            e.commitCheckpoint(ep);
            drain(channel, queue);
            if (seen.size() >= count) {
                return epoch;
            }
            assertTrue(System.nanoTime() < end, seen.size() + " distinct rows came out, expected " + count);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Test
    void noRowLostAcrossAFailureAndARescale() throws Exception {
        String stream = RabbitmqTesting.unique("wadi_exec_in");
        String queue = RabbitmqTesting.unique("wadi_exec_out");
        try (Environment env = RabbitmqTesting.environment(); Connection amqp = RabbitmqTesting.amqp()) {
            Channel channel = amqp.createChannel();
            RabbitmqTesting.createStream(env, stream);
            RabbitmqTesting.createQueue(channel, queue);
            try {
                RabbitmqTesting.publishStream(env, stream, 0, 2000);
                Path root = Files.createDirectories(dir.resolve("checkpoints"));
                FileObjectStore storage = new FileObjectStore(root.toUri().toString(), root);

                Reports first = new Reports();
                Execution one = job("job_r1", stream, queue, 2, new Checkpoints("job_r1", storage, uploader, first, -1),
                        first);
                checkpointUntil(one, first, 4, 0, channel, queue, 2000);
                RabbitmqTesting.publishStream(env, stream, 2000, 4000);
                // checkpoint 10 is stored, then the job dies
                one.triggerCheckpoint(10, false);
                await(() -> first.stored.getOrDefault(10L, 0) == 4, "checkpoint 10 stored", first);
                one.stop(false);
                one.done().get(30, TimeUnit.SECONDS);
                drain(channel, queue);
                long afterFirst = messages;

                Reports second = new Reports();
                Execution two = job("job_r2", stream, queue, 3,
                        new Checkpoints("job_r2", storage, uploader, second, 10, "job_r1", storage), second);
                RabbitmqTesting.publishStream(env, stream, 4000, 5000);
                checkpointUntil(two, second, 6, 10, channel, queue, 5000);
                two.stop(false);
                two.done().get(30, TimeUnit.SECONDS);
                assertEquals(List.of(), second.failures);
                storage.close();

                drain(channel, queue);
                for (long i = 0; i < 5000; i++) {
                    assertTrue(seen.containsKey(i), "row " + i + " lost");
                }
                assertEquals(5000, seen.size(), "no other rows");
                assertTrue(seen.values().stream().allMatch(n -> n <= 2), "a row at most twice");
                long twice = seen.values().stream().filter(n -> n == 2).count();
                assertTrue(twice <= afterFirst, "only rows the first job wrote come twice: " + twice);
            } finally {
                channel.queueDelete(queue);
                RabbitmqTesting.deleteStream(env, stream);
            }
        }
    }
}
