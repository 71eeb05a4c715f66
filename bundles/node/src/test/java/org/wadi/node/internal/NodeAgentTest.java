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
import org.wadi.rpc.ClusterAuth;
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
                Duration.ofSeconds(10), Duration.ofMinutes(10));
        NodeScheduler s = new NodeScheduler(settings, () -> ClusterAuth.NONE,
                (name, version) -> Optional.ofNullable(installed.get(name + " " + version)), List.of(dir.resolve("system")));
        open.add(s);
        assertEquals(-1, s.port(), "no port before the controller uses the scheduler");
        s.prepare();
        s.prepare();
        return s;
    }

    private NodeAgent agent(NodeScheduler server, String id, int slots, String token, LocalScheduler local) {
        AgentSettings settings = new AgentSettings(List.of("127.0.0.1:" + server.port()), id, "host-" + id, slots, token,
                dir.resolve(id).resolve("bundles"), "test");
        NodeAgent a = new NodeAgent(settings, ClusterAuth.NONE, local);
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
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(10)), () -> ClusterAuth.NONE,
                (name, version) -> Optional.empty(), List.of());
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
    void nodeSettingsTakeSeveralServers() {
        assertEquals(List.of("h1:5117", "h2:5118"), AgentSettings.servers(" h1:5117, h2:5118,,h1:5117 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AgentSettings(
                List.of("h1:5117", "h2"), "n", "h", 1, "", dir, "test"));
        assertTrue(e.getMessage().contains("was 'h2'") && e.getMessage().contains("separated by commas"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AgentSettings(List.of(), "n", "h", 1, "", dir, "test"));
    }

    @Test
    void aNodeOfAServerOffLoopbackNeedsTheClusterCredentials() {
        AgentSettings remote = new AgentSettings(List.of("127.0.0.1:5117", "10.1.2.3:5117"), "n1", "h", 1, "",
                dir.resolve("bundles"), "test");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NodeAgent(remote, ClusterAuth.NONE, new LocalScheduler()));
        assertTrue(e.getMessage().contains("10.1.2.3:5117 in etc/org.wadi.node.cfg is not a loopback address")
                && e.getMessage().contains(ClusterAuth.SECRET_ENV), e.getMessage());
    }

    // ---- the cluster's credentials on the node port ----

    private static final String SECRET = "a-cluster-secret-of-some-length";

    private NodeScheduler server(ClusterAuth auth) {
        NodeScheduler s = new NodeScheduler(new NodeSettings("127.0.0.1", 0, "", Duration.ofSeconds(3),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(10)), () -> auth,
                (name, version) -> Optional.empty(), List.of());
        open.add(s);
        s.prepare();
        assertTrue(s.port() > 0, "listening");
        return s;
    }

    private NodeAgent agent(NodeScheduler server, String id, ClusterAuth auth, LocalScheduler local) {
        NodeAgent a = new NodeAgent(new AgentSettings(List.of("localhost:" + server.port()), id, "host-" + id, 2, "",
                dir.resolve(id).resolve("bundles"), "test"), auth, local);
        open.add(a);
        return a;
    }

    /** Nodes with the wrong credentials stay out, for as long as a node with the right ones needs to get in and work. */
    private void onlyTheMemberRegisters(NodeScheduler server, ClusterAuth member, ClusterAuth... others)
            throws Exception {
        List<NodeAgent> strangers = new ArrayList<>();
        for (int i = 0; i < others.length; i++) {
            strangers.add(agent(server, "stranger" + i, others[i], new LocalScheduler()));
        }
        LocalScheduler local = new LocalScheduler();
        NodeAgent good = agent(server, "member", member, local);
        await(good::registered, "the node with the cluster's credentials registered");
        // server to node: a command reaches the node through its authenticated session, and its answer comes back
        server.startWorkers(request("job_1", 1, 1, List.of()));
        assertEquals(1, local.requests.size());
        server.stopWorkers("job_1", 1, true);
        await(() -> local.stops.contains("job_1 1 true"), "the stop reached the node");
        // the strangers keep trying (every 2 s at most): none of their attempts over 3 s gets in
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            assertEquals(List.of("member"), server.nodes().stream().map(SchedulerNode::id).toList());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        for (NodeAgent a : strangers) {
            assertFalse(a.registered());
        }
    }

    @Test
    void aSecretOnTheNodePortLetsMembersInAndKeepsOthersOut() throws Exception {
        ClusterAuth auth = ClusterAuth.of(SECRET, null);
        onlyTheMemberRegisters(server(auth), auth, ClusterAuth.NONE, ClusterAuth.of("another-secret-of-enough-length",
                null));
    }

    @Test
    void tlsOnTheNodePortBothWays() throws Exception {
        org.wadi.rpc.TestCertificates ca = org.wadi.rpc.TestCertificates.create(Files.createDirectories(dir.resolve("ca")));
        ClusterAuth.Tls member = ca.issue("member", true);
        ClusterAuth.Tls stranger = ca.issue("stranger", false);
        ClusterAuth auth = ClusterAuth.of(SECRET, member);
        ClusterAuth foreign = ClusterAuth.of(SECRET, new ClusterAuth.Tls(stranger.certificate(), stranger.privateKey(),
                member.authority()));
        // the server refuses: plaintext against TLS, a certificate not signed by the authority (with the
        // secret), the right certificate without the secret
        onlyTheMemberRegisters(server(auth), auth, ClusterAuth.of(SECRET, null), foreign, ClusterAuth.tlsOnly(member));

        // the node refuses: a server whose certificate the cluster's authority did not sign, and a
        // plaintext server when the node speaks TLS
        NodeScheduler impostor = server(foreign);
        NodeScheduler plaintext = server(ClusterAuth.of(SECRET, null));
        NodeAgent toImpostor = agent(impostor, "n1", auth, new LocalScheduler());
        NodeAgent toPlaintext = agent(plaintext, "n2", auth, new LocalScheduler());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            assertTrue(impostor.nodes().isEmpty() && plaintext.nodes().isEmpty());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertFalse(toImpostor.registered());
        assertFalse(toPlaintext.registered());
    }

    // ---- failover between servers ----

    private NodeScheduler failoverServer(Duration standbyAfter) {
        NodeScheduler s = new NodeScheduler(new NodeSettings("127.0.0.1", 0, "", Duration.ofSeconds(3),
                Duration.ofMillis(200), Duration.ofSeconds(10), standbyAfter), () -> ClusterAuth.NONE,
                (name, version) -> Optional.empty(), List.of());
        open.add(s);
        s.prepare();
        return s;
    }

    /** Calls prepare() every 100 ms, as the active controller's loop does, until closed. */
    private AutoCloseable controllerLoop(NodeScheduler s) {
        java.util.concurrent.ScheduledExecutorService loop = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        loop.scheduleWithFixedDelay(s::prepare, 0, 100, TimeUnit.MILLISECONDS);
        AutoCloseable stop = () -> {
            loop.shutdownNow();
            loop.awaitTermination(5, TimeUnit.SECONDS);
        };
        open.add(stop);
        return stop;
    }

    /** How a server answers a bare registration: OK once registered, else the status the session ended with. */
    private static io.grpc.Status register(int port) throws Exception {
        io.grpc.ManagedChannel channel = org.wadi.rpc.Rpc.channel("127.0.0.1:" + port);
        try {
            java.util.concurrent.CompletableFuture<io.grpc.Status> answer = new java.util.concurrent.CompletableFuture<>();
            io.grpc.stub.StreamObserver<org.wadi.rpc.node.NodeMessage> out = org.wadi.rpc.node.NodeServiceGrpc
                    .newStub(channel).session(new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(org.wadi.rpc.node.ServerMessage m) {
                            if (m.hasRegistered()) {
                                answer.complete(io.grpc.Status.OK);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.complete(io.grpc.Status.fromThrowable(t));
                        }

                        @Override
                        public void onCompleted() {
                            answer.complete(io.grpc.Status.UNKNOWN.withDescription("completed without an answer"));
                        }
                    });
            out.onNext(org.wadi.rpc.node.NodeMessage.newBuilder().setRegister(org.wadi.rpc.node.Register.newBuilder()
                    .setNodeId("probe").setSlots(1)).build());
            return answer.get(30, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeRegistersWithTheActiveServerAndFollowsAFailover() throws Exception {
        NodeScheduler a = failoverServer(Duration.ofSeconds(1));
        NodeScheduler b = failoverServer(Duration.ofSeconds(1));
        AutoCloseable aIsActive = controllerLoop(a);
        await(() -> b.standbyReason() != null, "server b stands by");
        LocalScheduler local = new LocalScheduler();
        // the standby first: it refuses, clearly, and the node goes on to the active one
        NodeAgent node = new NodeAgent(new AgentSettings(List.of("127.0.0.1:" + b.port(), "127.0.0.1:" + a.port()),
                "n1", "host-n1", 4, "", dir.resolve("n1"), "test"), ClusterAuth.NONE, local);
        open.add(node);
        await(() -> ("127.0.0.1:" + a.port()).equals(node.server()), "the node registered with the active server a");
        assertTrue(b.nodes().isEmpty());
        io.grpc.Status refusal = register(b.port());
        assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, refusal.getCode(), refusal.toString());
        assertEquals(b.standbyReason(), refusal.getDescription(), "the standby's answer says why");
        assertTrue(b.standbyReason().contains("this server stands by") && b.standbyReason().contains("node.standby.after.ms"),
                b.standbyReason());
        a.startWorkers(request("job_1", 1, 1, List.of()));
        a.startWorkers(request("job_2", 4, 1, List.of()));

        // failover: a's controller dies with its server; b's controller takes over. As it starts, it stops
        // the leftover run of job_1 (before the node came); it takes job_2 over with its workers
        aIsActive.close();
        a.close();
        long failedOver = System.nanoTime();
        controllerLoop(b);
        b.stopWorkers("job_1", 1, true);

        await(() -> ("127.0.0.1:" + b.port()).equals(node.server()), "the node registered with server b");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedOver);
        System.out.println("FAILOVER node re-registered with the new active server in " + millis + " ms");
        assertTrue(millis < 5_000, "within a few seconds: " + millis + " ms");
        await(() -> local.stops.contains("job_1 1 true"), "the node stopped the workers of the stopped run");
        assertTrue(b.workers("job_1").stream().noneMatch(WorkerHandle::alive), b.workers("job_1").toString());
        List<WorkerHandle> kept = b.workers("job_2");
        assertEquals(1, kept.size(), kept.toString());
        assertTrue(kept.get(0).alive() && kept.get(0).runId() == 4, kept.toString());
        assertFalse(local.stops.stream().anyMatch(x -> x.startsWith("job_2")), "job_2's worker kept running: " + local.stops);
        assertEquals(List.of(new SchedulerNode("n1", "host-n1", 4, 3, 1)), b.nodes());
    }

    @Test
    void aServerThatDoesNotAnswerIsLeftForTheNextOne() throws Exception {
        // a port whose kernel accepts connections but no process answers, as a hung server's
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            NodeScheduler active = failoverServer(Duration.ofMinutes(10));
            NodeAgent node = new NodeAgent(new AgentSettings(List.of("127.0.0.1:" + hung.getLocalPort(),
                    "127.0.0.1:" + active.port()), "n1", "host-n1", 4, "", dir.resolve("n1"), "test"), ClusterAuth.NONE,
                    new LocalScheduler());
            open.add(node);
            long t0 = System.nanoTime();
            await(() -> ("127.0.0.1:" + active.port()).equals(node.server()), "registered with the server that answers");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis >= NodeAgent.REGISTRATION_TIMEOUT_MS - 500 && millis < NodeAgent.REGISTRATION_TIMEOUT_MS + 3_000,
                    "after the registration timeout: " + millis + " ms");
        }
    }

    @Test
    void aServerThatStopsBeingActiveSendsItsNodesToTheActiveOne() throws Exception {
        NodeScheduler a = failoverServer(Duration.ofSeconds(1));
        NodeScheduler b = failoverServer(Duration.ofSeconds(1));
        AutoCloseable aIsActive = controllerLoop(a);
        await(() -> b.standbyReason() != null, "server b stands by");
        NodeAgent node = new NodeAgent(new AgentSettings(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()),
                "n1", "host-n1", 4, "", dir.resolve("n1"), "test"), ClusterAuth.NONE, new LocalScheduler());
        open.add(node);
        await(() -> ("127.0.0.1:" + a.port()).equals(node.server()), "registered with a");

        // a loses the controller lock but lives on; b's controller becomes active
        aIsActive.close();
        controllerLoop(b);

        await(() -> ("127.0.0.1:" + b.port()).equals(node.server()), "the node went over to b");
        assertTrue(a.nodes().isEmpty(), a.nodes().toString());
        assertTrue(a.standbyReason() != null);
        assertEquals(1, b.nodes().size());
    }

    @Test
    void aServerWhoseControllerStopsReleasesItsNodesAtOnce() throws Exception {
        // a's lease is long: only the controller's release sends the node on within seconds
        NodeScheduler a = failoverServer(Duration.ofMinutes(10));
        NodeScheduler b = failoverServer(Duration.ofSeconds(1));
        AutoCloseable aIsActive = controllerLoop(a);
        NodeAgent node = new NodeAgent(new AgentSettings(List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()),
                "n1", "host-n1", 4, "", dir.resolve("n1"), "test"), ClusterAuth.NONE, new LocalScheduler());
        open.add(node);
        await(() -> ("127.0.0.1:" + a.port()).equals(node.server()), "registered with a");

        aIsActive.close();
        a.release();
        long released = System.nanoTime();
        controllerLoop(b);

        await(() -> ("127.0.0.1:" + b.port()).equals(node.server()), "the node went over to b");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
        assertTrue(millis < 5_000, "within a few seconds of the release, not after the lease: " + millis + " ms");
        assertTrue(a.nodes().isEmpty(), a.nodes().toString());
        assertTrue(a.standbyReason().contains("lost the controller lock"), a.standbyReason());
    }
}
