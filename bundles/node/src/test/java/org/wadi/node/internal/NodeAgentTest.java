package org.wadi.node.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.scheduler.node.internal.NodeScheduler;
import org.wadi.scheduler.node.internal.NodeSettings;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.SchedulerNode;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;

/** The server's node scheduler and node agents talking over gRPC on loopback. */
class NodeAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A local scheduler that records what it is asked and runs pretend workers. */
    static final class LocalScheduler implements Scheduler {
        final List<WorkerRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> stops = new CopyOnWriteArrayList<>();
        final Map<String, WorkerHandle> workers = new ConcurrentHashMap<>();
        volatile String refuse;
        volatile boolean prepared;

        @Override
        public void prepare() {
            prepared = true;
        }

        @Override
        public void startWorkers(WorkerRequest request) throws SchedulerException {
            if (refuse != null) {
                throw new SchedulerException(refuse);
            }
            requests.add(request);
            for (String id : request.workerIds()) {
                workers.put(id, new WorkerHandle(id, request.jobId(), request.runId(), "pid " + id.hashCode(), true));
            }
        }

        @Override
        public void stopWorkers(String jobId, long runId, boolean force) {
            stops.add(jobId + " " + runId + " " + force);
            workers.replaceAll((id, w) -> w.jobId().equals(jobId) && (runId < 0 || w.runId() == runId)
                    ? new WorkerHandle(id, w.jobId(), w.runId(), w.description() + ", exited with code 0", false) : w);
        }

        @Override
        public List<WorkerHandle> workers(String jobId) {
            return workers.values().stream().filter(w -> w.jobId().equals(jobId)).toList();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private NodeScheduler server(String token, Map<String, String> installed) {
        NodeSettings settings = new NodeSettings("127.0.0.1", 0, token, Duration.ofSeconds(3), Duration.ofMillis(200),
                Duration.ofSeconds(10));
        NodeScheduler s = new NodeScheduler(settings, (name, version) -> Optional.ofNullable(installed.get(name + " " + version)),
                List.of(dir.resolve("system")));
        open.add(s);
        assertEquals(-1, s.port(), "no port before the controller uses the scheduler");
        s.prepare();
        s.prepare();
        return s;
    }

    private NodeAgent agent(NodeScheduler server, String id, int slots, String token, LocalScheduler local) {
        AgentSettings settings = new AgentSettings("127.0.0.1:" + server.port(), id, "host-" + id, slots, token,
                dir.resolve(id).resolve("bundles"), "test");
        NodeAgent a = new NodeAgent(settings, local);
        open.add(a);
        return a;
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + " did not happen within " + WAIT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static WorkerRequest request(String job, long run, int workers, List<PluginBundle> plugins) {
        return new WorkerRequest(job, run, "127.0.0.1:5116", workers, 1, plugins, Map.of());
    }

    @Test
    void aJobSpreadsOverTheNodesAndItsWorkersAreStartedStoppedAndReported() throws Exception {
        Path connector = Files.createDirectories(dir.resolve("deploy")).resolve("my-connector.jar");
        byte[] jar = new byte[200_000]; // several chunks
        for (int i = 0; i < jar.length; i++) {
            jar[i] = (byte) (i * 31);
        }
        Files.write(connector, jar);
        String location = connector.toUri().toString();
        NodeScheduler server = server("", Map.of("my-connector 1.0.0", location));
        LocalScheduler one = new LocalScheduler();
        LocalScheduler two = new LocalScheduler();
        NodeAgent a = agent(server, "n1", 2, "", one);
        NodeAgent b = agent(server, "n2", 2, "", two);
        await(() -> a.registered() && b.registered() && server.nodes().size() == 2, "both nodes registered: " + server.nodes());
        assertTrue(one.prepared && two.prepared, "each node keeps its process scheduler's standby processes ready");

        server.startWorkers(request("job_1", 3, 4, List.of(new PluginBundle("my-connector", "1.0.0", location))));

        assertEquals(2, one.requests.size(), "two workers on each node");
        assertEquals(2, two.requests.size());
        List<String> ids = new ArrayList<>();
        for (WorkerRequest r : List.of(one.requests.get(0), one.requests.get(1), two.requests.get(0), two.requests.get(1))) {
            assertEquals(1, r.workers());
            assertEquals(1, r.workerIds().size());
            assertEquals("job_1", r.jobId());
            assertEquals(3, r.runId());
            assertEquals("127.0.0.1:5116", r.controllerAddress());
            ids.add(r.workerIds().get(0));
            PluginBundle p = r.plugins().get(0);
            assertEquals("my-connector", p.symbolicName());
            Path fetched = Path.of(URI.create(p.location()));
            assertTrue(fetched.startsWith(dir), "fetched into the node's bundle cache: " + fetched);
            assertArrayEquals(jar, Files.readAllBytes(fetched));
        }
        List<WorkerHandle> handles = server.workers("job_1");
        assertEquals(ids.stream().sorted().toList(), handles.stream().map(WorkerHandle::workerId).sorted().toList());
        assertTrue(handles.stream().allMatch(WorkerHandle::alive), handles.toString());
        assertEquals(2, handles.stream().filter(h -> h.description().startsWith("node n1 (host-n1): pid ")).count(),
                handles.toString());

        SchedulerException full = assertThrows(SchedulerException.class,
                () -> server.startWorkers(request("job_2", 1, 1, List.of())));
        assertTrue(full.getMessage().contains("no node has 1 free slots") && full.getMessage().contains("n1 0/2 free")
                && full.getMessage().contains("n2 0/2 free"), full.getMessage());

        server.stopWorkers("job_1", 3, false);

        await(() -> one.stops.contains("job_1 3 false") && two.stops.contains("job_1 3 false"), "the stop on both nodes");
        assertTrue(server.workers("job_1").stream().noneMatch(WorkerHandle::alive), "stopped workers count as ended at once");
        await(() -> server.workers("job_1").stream().allMatch(h -> h.description().contains("exited with code 0")),
                "the nodes report the workers' end");

        // the slots are free again
        server.startWorkers(request("job_2", 1, 2, List.of()));
        assertEquals(1, one.requests.stream().filter(r -> r.jobId().equals("job_2")).count(), "spread: one each");
        assertEquals(1, two.requests.stream().filter(r -> r.jobId().equals("job_2")).count());
    }

    @Test
    void aLostNodesWorkersAreReportedDeadAndTheJobFitsOnTheOthersOrFailsNamingTheFreeSlots() throws Exception {
        NodeScheduler server = server("", Map.of());
        LocalScheduler one = new LocalScheduler();
        LocalScheduler two = new LocalScheduler();
        NodeAgent a = agent(server, "n1", 2, "", one);
        NodeAgent b = agent(server, "n2", 2, "", two);
        await(() -> a.registered() && b.registered() && server.nodes().size() == 2, "both nodes registered");
        server.startWorkers(request("job_1", 1, 2, List.of()));

        b.close();

        await(() -> server.nodes().size() == 1, "node n2 lost: " + server.nodes());
        List<WorkerHandle> handles = server.workers("job_1");
        assertEquals(2, handles.size(), handles.toString());
        WorkerHandle dead = handles.stream().filter(h -> !h.alive()).findFirst().orElseThrow();
        assertTrue(dead.description().startsWith("node n2") && dead.description().contains("node n2 lost"),
                dead.description());
        assertTrue(handles.stream().anyMatch(h -> h.alive() && h.description().startsWith("node n1")), handles.toString());

        // run 2 fits on n1 once run 1 is stopped; 3 workers do not
        server.stopWorkers("job_1", 1, true);
        await(() -> server.workers("job_1").stream().noneMatch(WorkerHandle::alive), "run 1 stopped");
        SchedulerException e = assertThrows(SchedulerException.class,
                () -> server.startWorkers(request("job_1", 2, 3, List.of())));
        assertTrue(e.getMessage().contains("no node has 1 free slots for worker 3 of 3") && e.getMessage().contains("n1 0/2 free"),
                e.getMessage());
        await(() -> server.workers("job_1").stream().noneMatch(WorkerHandle::alive), "the failed start's workers released");
        server.startWorkers(request("job_1", 3, 2, List.of()));
        assertEquals(2, server.workers("job_1").stream().filter(h -> h.alive() && h.runId() == 3).count());
    }

    @Test
    void aNodeReconnectsToARestartedServerAndReportsTheWorkersItKeptRunning() throws Exception {
        NodeScheduler first = server("", Map.of());
        LocalScheduler local = new LocalScheduler();
        NodeAgent a = agent(first, "n1", 2, "", local);
        await(a::registered, "node registered");
        first.startWorkers(request("job_1", 1, 1, List.of()));
        String workerId = local.requests.get(0).workerIds().get(0);
        int port = first.port();

        first.close();
        NodeScheduler second = new NodeScheduler(new NodeSettings("127.0.0.1", port, "", Duration.ofSeconds(3),
                Duration.ofMillis(200), Duration.ofSeconds(10)), (name, version) -> Optional.empty(), List.of());
        open.add(second);
        second.prepare();

        await(() -> second.workers("job_1").stream().anyMatch(h -> h.workerId().equals(workerId) && h.alive()),
                "the node registers again with its running worker");
        assertEquals(1, second.nodes().size(), second.nodes().toString());
        assertEquals(new SchedulerNode("n1", "host-n1", 2, 1, 1), second.nodes().get(0));
        assertTrue(local.stops.isEmpty(), "the worker kept running: " + local.stops);
    }

    @Test
    void aNodeThatCannotStartAWorkerFailsTheStartWithItsReason() throws Exception {
        NodeScheduler server = server("", Map.of());
        LocalScheduler one = new LocalScheduler();
        one.refuse = "the worker launcher is not installed";
        NodeAgent a = agent(server, "n1", 4, "", one);
        await(a::registered, "node registered");

        SchedulerException e = assertThrows(SchedulerException.class,
                () -> server.startWorkers(request("job_1", 1, 1, List.of())));

        assertTrue(e.getMessage().contains("node n1 could not start worker wkr_")
                && e.getMessage().contains("the worker launcher is not installed"), e.getMessage());
        assertTrue(server.workers("job_1").stream().noneMatch(WorkerHandle::alive));
    }

    @Test
    void aBundleTheServerDoesNotHaveIsRefused() throws Exception {
        NodeScheduler server = server("", Map.of());
        agent(server, "n1", 4, "", new LocalScheduler());

        SchedulerException e = assertThrows(SchedulerException.class, () -> server.startWorkers(request("job_1", 1, 1,
                List.of(new PluginBundle("gone", "1.0.0", dir.resolve("gone.jar").toUri().toString())))));

        assertTrue(e.getMessage().contains("the jar of bundle gone 1.0.0, which job job_1 uses, is not in the server"),
                e.getMessage());
    }

    @Test
    void aServerWithATokenTakesOnlyNodesThatPresentIt() throws Exception {
        NodeScheduler server = server("s3cret", Map.of());
        NodeAgent wrong = agent(server, "n1", 2, "guess", new LocalScheduler());
        NodeAgent none = agent(server, "n2", 2, "", new LocalScheduler());
        NodeAgent right = agent(server, "n3", 2, "s3cret", new LocalScheduler());

        await(right::registered, "the node with the token registered");

        assertFalse(wrong.registered());
        assertFalse(none.registered());
        assertEquals(1, server.nodes().size(), server.nodes().toString());
        assertEquals("n3", server.nodes().get(0).id(), server.nodes().toString());
    }

    @Test
    void theNodePortOffLoopbackNeedsAToken() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeSettings("0.0.0.0", 5117,
                "", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60)));
        assertTrue(e.getMessage().contains("set node.token"), e.getMessage());
    }
}
