package org.wadi.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.StopExecution;
import org.wadi.rpc.StopMode;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;

class WorkerTest {

    static final Schema ROW = Schema.of(Field.of("n", DataType.INT64), Field.of("_timestamp", DataType.TIMESTAMP));

    /** The controller's side of the protocol, as far as a test needs it. */
    static final class FakeController extends ControllerGrpc.ControllerImplBase {
        final BlockingQueue<WorkerMessage> received = new LinkedBlockingQueue<>();
        final List<WorkerMessage> all = new ArrayList<>();
        final CompletableFuture<StreamObserver<ControllerMessage>> session = new CompletableFuture<>();
        final CompletableFuture<Void> workerCompleted = new CompletableFuture<>();
        /** The end of each session, in the order they began (normal or not). */
        final List<CompletableFuture<Void>> sessionEnds = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public StreamObserver<WorkerMessage> workerSession(StreamObserver<ControllerMessage> responses) {
            CompletableFuture<Void> end = new CompletableFuture<>();
            sessionEnds.add(end);
            return new StreamObserver<>() {
                @Override
                public void onNext(WorkerMessage m) {
                    received.add(m);
                    if (m.hasRegister()) {
                        session.complete(responses);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    end.complete(null);
                    workerCompleted.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    end.complete(null);
                    workerCompleted.complete(null);
                    responses.onCompleted();
                }
            };
        }

        /** The next message matching {@code p}, skipping (and keeping) others. */
        WorkerMessage next(Predicate<WorkerMessage> p) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                WorkerMessage m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no matching message; got " + all);
                }
                all.add(m);
                if (p.test(m)) {
                    return m;
                }
            }
        }

        List<WorkerMessage> drain() {
            received.drainTo(all);
            return all;
        }
    }

    final FakeController controller = new FakeController();
    final TestConnectors.Range range = new TestConnectors.Range();
    final TestConnectors.Collect collect = new TestConnectors.Collect();
    final ConnectorRegistry registry = new ConnectorRegistry();
    Server server;
    Worker worker;

    @BeforeEach
    void setUp() throws Exception {
        server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), controller);
        registry.add(range);
        registry.add(collect);
        worker = new Worker(new Worker.Config("wkr_test", "job_1", 3, "127.0.0.1:" + server.getPort(), 4),
                registry, new FileRoots(System.getProperty("java.io.tmpdir")), RuntimeOptions.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        worker.close();
        server.shutdownNow();
    }

    static DataflowPlan plan(Map<String, String> sourceOptions, String sinkConnector, Map<String, String> sinkOptions) {
        return new DataflowPlan(List.of(
                new PlanNode("source_1", "numbers", 1,
                        new SourceOperator(TestConnectors.table("numbers", "range", sourceOptions))),
                new PlanNode("sink_2", "out", 1,
                        new SinkOperator(TestConnectors.table("out", sinkConnector, sinkOptions)))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.FORWARD, List.of(), ROW)));
    }

    static StartExecution start(DataflowPlan plan, String sinkWorker) {
        return StartExecution.newBuilder().setPlanJson(PlanCodec.toJson(plan))
                .addAssignments(TaskAssignment.newBuilder().setOperatorId("source_1").setSubtask(0).setWorkerId("wkr_test"))
                .addAssignments(TaskAssignment.newBuilder().setOperatorId("sink_2").setSubtask(0).setWorkerId(sinkWorker))
                .build();
    }

    StreamObserver<ControllerMessage> registered() throws Exception {
        worker.start();
        StreamObserver<ControllerMessage> session = controller.session.get(30, TimeUnit.SECONDS);
        RegisterWorker r = controller.next(WorkerMessage::hasRegister).getRegister();
        assertEquals("wkr_test", r.getWorkerId());
        assertEquals("job_1", r.getJobId());
        assertEquals(3, r.getRunId());
        assertEquals(4, r.getSlots());
        assertEquals(ProcessHandle.current().pid(), r.getPid());
        return session;
    }

    static Predicate<WorkerMessage> update(String op, TaskState state) {
        return m -> m.hasTask() && m.getTask().getOperatorId().equals(op) && m.getTask().getState() == state;
    }

    @Test
    void runsItsSubtasksReportsAndSendsPreviewRows() throws Exception {
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder()
                .setStart(start(plan(Map.of("count", "50"), "collect", Map.of("preview", "true")), "wkr_test")).build());
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        worker.done().get(30, TimeUnit.SECONDS);
        List<WorkerMessage> all = controller.drain();
        List<String> updates = all.stream().filter(WorkerMessage::hasTask)
                .map(m -> m.getTask().getOperatorId() + " " + m.getTask().getState()).toList();
        assertTrue(updates.containsAll(List.of("source_1 TASK_RUNNING", "sink_2 TASK_RUNNING",
                "source_1 TASK_FINISHED", "sink_2 TASK_FINISHED")), updates.toString());
        assertEquals(4, updates.size(), updates.toString());
        List<String> rows = all.stream().filter(WorkerMessage::hasOutput)
                .flatMap(m -> m.getOutput().getRowsList().stream()).toList();
        assertEquals(50, rows.size());
        assertEquals("{\"n\":0}", rows.get(0));
        assertEquals(1, collect.finished.get());
    }

    @Test
    void gracefulStopFinishesTheSinks() throws Exception {
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder().setStart(start(plan(Map.of(), "collect", Map.of()), "wkr_test")).build());
        controller.next(update("sink_2", TaskState.TASK_RUNNING));
        session.onNext(ControllerMessage.newBuilder()
                .setStop(StopExecution.newBuilder().setMode(StopMode.STOP_GRACEFUL)).build());
        controller.next(update("source_1", TaskState.TASK_FINISHED));
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        worker.done().get(30, TimeUnit.SECONDS);
        assertEquals(1, collect.finished.get());
        assertEquals(range.produced.get(), collect.rows.size());
    }

    @Test
    void aClosedWorkerIsLostToTheControllerNotFinished() throws Exception {
        // a worker process whose host went away (its node's JVM killed) closes its worker: the
        // controller must see the session break, never tasks that finished, or it would take the
        // job for done
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder()
                .setStart(start(plan(Map.of(), "collect", Map.of()), "wkr_test")).build());
        controller.next(update("sink_2", TaskState.TASK_RUNNING));
        collect.firstRow.await(30, TimeUnit.SECONDS);
        worker.close();
        ExecutionException broken = assertThrows(ExecutionException.class,
                () -> controller.workerCompleted.get(30, TimeUnit.SECONDS));
        assertEquals(Status.Code.CANCELLED, Status.fromThrowable(broken.getCause()).getCode());
        assertTrue(controller.drain().stream().noneMatch(m -> m.hasTask()
                && m.getTask().getState() == TaskState.TASK_FINISHED), controller.all.toString());
    }

    @Test
    void aBrokenControllerStreamStopsTheTasks() throws Exception {
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder()
                .setStart(start(plan(Map.of(), "collect", Map.of("block", "true")), "wkr_test")).build());
        controller.next(update("sink_2", TaskState.TASK_RUNNING));
        collect.firstRow.await(30, TimeUnit.SECONDS);
        session.onError(Status.UNAVAILABLE.withDescription("controller going away").asRuntimeException());
        worker.done().get(30, TimeUnit.SECONDS);
        assertEquals(1, collect.closed.get(), "the sink was closed");
        assertEquals(0, collect.finished.get(), "without finishing");
    }

    @Test
    void aMissingConnectorFailsEveryLocalSubtask() throws Exception {
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder().setStart(start(plan(Map.of(), "nope", Map.of()), "wkr_test")).build());
        TaskUpdate failed = controller.next(update("source_1", TaskState.TASK_FAILED)).getTask();
        assertEquals("connector 'nope' is not installed", failed.getError());
        assertEquals("user", failed.getErrorDomain());
        controller.next(update("sink_2", TaskState.TASK_FAILED));
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        worker.done().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aChainSplitOverTwoWorkersFailsWithAClearMessage() throws Exception {
        StreamObserver<ControllerMessage> session = registered();
        session.onNext(ControllerMessage.newBuilder().setStart(start(plan(Map.of(), "collect", Map.of()), "wkr_other")).build());
        TaskUpdate failed = controller.next(update("source_1", TaskState.TASK_FAILED)).getTask();
        assertTrue(failed.getError().endsWith("but chained operators must run on one worker"), failed.getError());
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        worker.done().get(30, TimeUnit.SECONDS);
        assertTrue(controller.drain().stream().noneMatch(update("sink_2", TaskState.TASK_FAILED)),
                "only this worker's subtasks are reported");
    }
}
