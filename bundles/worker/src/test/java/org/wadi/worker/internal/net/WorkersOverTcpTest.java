package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.net.NetTesting.await;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.PlanNode;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.Worker;
import org.wadi.worker.internal.runtime.RuntimeOptions;
import org.wadi.worker.internal.runtime.TestConnectors;

/**
 * Two {@link Worker}s of one run: each opens its data server and registers its address, the
 * controller hands both the addresses with the assignment, and a SHUFFLE between them runs to its
 * end over TCP.
 */
class WorkersOverTcpTest {

    /** The controller's side of the protocol: registrations and task updates, by worker. */
    static final class Controller extends ControllerGrpc.ControllerImplBase {
        final Map<String, RegisterWorker> registered = new ConcurrentHashMap<>();
        final Map<String, StreamObserver<ControllerMessage>> sessions = new ConcurrentHashMap<>();
        final List<String> updates = new CopyOnWriteArrayList<>();

        @Override
        public StreamObserver<WorkerMessage> workerSession(StreamObserver<ControllerMessage> responses) {
            return new StreamObserver<>() {
                @Override
                public void onNext(WorkerMessage m) {
                    if (m.hasRegister()) {
                        sessions.put(m.getRegister().getWorkerId(), responses);
                        registered.put(m.getRegister().getWorkerId(), m.getRegister());
                    } else if (m.hasTask()) {
                        updates.add(m.getTask().getState() + " " + m.getTask().getOperatorId() + "#"
                                + m.getTask().getSubtask() + " " + m.getTask().getError());
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    responses.onCompleted();
                }
            };
        }
    }

    final Controller controller = new Controller();
    Server server;
    Worker w1;
    Worker w2;

    @AfterEach
    void tearDown() {
        if (w1 != null) {
            w1.close();
        }
        if (w2 != null) {
            w2.close();
        }
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void workersRegisterTheirDataAddressesAndExchangeRowsOverTcp() throws Exception {
        server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), controller);
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        String address = "127.0.0.1:" + server.getPort();
        w1 = new Worker(new Worker.Config("w1", "job_1", 7, address, 1), registry, p -> Path.of("/nonexistent"),
                RuntimeOptions.DEFAULTS);
        w2 = new Worker(new Worker.Config("w2", "job_1", 7, address, 1), registry, p -> Path.of("/nonexistent"),
                RuntimeOptions.DEFAULTS);
        w1.start();
        w2.start();
        await("both workers to register", () -> controller.registered.size() == 2);
        for (RegisterWorker r : controller.registered.values()) {
            assertTrue(r.getDataAddress().matches("127\\.0\\.0\\.1:\\d+"), r.getDataAddress());
        }

        // as the controller's Run does: subtask i on the i-th worker, with the data addresses of all
        DataflowPlan plan = CrossWorkerExchangeTest.numbers(2, 10_000, Map.of());
        StartExecution.Builder start = StartExecution.newBuilder().setPlanJson(PlanCodec.toJson(plan));
        for (PlanNode n : plan.nodes()) {
            for (int i = 0; i < n.parallelism(); i++) {
                RegisterWorker owner = controller.registered.get("w" + (i + 1));
                start.addAssignments(TaskAssignment.newBuilder().setOperatorId(n.id()).setSubtask(i)
                        .setWorkerId(owner.getWorkerId()).setWorkerDataAddress(owner.getDataAddress()));
            }
        }
        for (StreamObserver<ControllerMessage> s : controller.sessions.values()) {
            s.onNext(ControllerMessage.newBuilder().setStart(start).build());
        }
        w1.done().get(30, TimeUnit.SECONDS);
        w2.done().get(30, TimeUnit.SECONDS);

        assertTrue(controller.updates.stream().noneMatch(u -> u.startsWith(TaskState.TASK_FAILED.name())),
                controller.updates.toString());
        assertEquals(10_000, held.count());
        // sink subtask 1 (w2) got rows of source subtask 0 (w1: n even), and the other way round
        assertTrue(held.rows.get(1).stream().anyMatch(r -> (Long) r[0] % 2 == 0));
        assertTrue(held.rows.get(0).stream().anyMatch(r -> (Long) r[0] % 2 == 1));
    }
}
