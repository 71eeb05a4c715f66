package org.wadi.scheduler.node.internal;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ClusterAuth;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.node.BundleRef;
import org.wadi.rpc.node.ServerMessage;
import org.wadi.rpc.node.StartWorker;
import org.wadi.rpc.node.StopWorkers;
import org.wadi.rpc.node.WorkerState;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.SchedulerNode;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import java.util.HashMap;
import java.util.function.Function;

/**
 * The {@code node} scheduler: workers run on nodes — Wadi distributions started with
 * {@code bin/wadi node} — that hold a session with this scheduler's gRPC port
 * ({@code node.grpc.port}, 5117, opened once the active controller uses this scheduler), report their slots and workers, and start and stop worker
 * processes when told (through their own {@code process} scheduler). A job's workers are spread
 * over the nodes, one at a time onto the node with the most free slots. A node whose session ends
 * or that stays silent for {@code node.timeout.ms} is lost, and its workers are reported dead,
 * from which the controller recovers the job. Nodes fetch the job's connector and function
 * bundles from here ({@code FetchBundle}), only bundles installed in this server.
 *
 * <p>The node port carries the cluster's credentials as the controller's gRPC port does (see
 * {@link NodeSettings}): TLS both ways when configured — the node checks the server's certificate
 * and the server the node's, against the cluster's authority — and the shared secret on every
 * call; the server's commands travel back on the node's authenticated session.
 *
 * <p>Failover: the port stays open once opened; when the active controller has not used this
 * scheduler for {@code node.standby.after.ms} (its server lost the controller lock), it stands by:
 * it ends its nodes' sessions and refuses registrations with {@code FAILED_PRECONDITION}, so nodes
 * that know several servers register with the active one. A node that registers reports the
 * workers it kept running; they are kept, unless their run was stopped here already (the new
 * controller stops the leftover runs of the jobs it takes over as soon as it starts, often before
 * the nodes come): such workers are stopped as the node registers.
 */
@Component(service = Scheduler.class, property = Scheduler.NAME_PROPERTY + "=node",
        configurationPid = "org.wadi.scheduler.node", immediate = true)
@Designate(ocd = NodeSchedulerConfig.class)
public final class NodeScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeScheduler.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    /** How long an ended worker is still reported by {@link #workers}. */
    private static final Duration ENDED_KEPT = Duration.ofMinutes(5);

    /** The bundles installed in the server, by symbolic name and version. */
    @FunctionalInterface
    public interface InstalledBundles {
        /** The location the bundle was installed from, if it is installed. */
        Optional<String> location(String symbolicName, String version);
    }

    /** A worker placed on a node. Its mutable fields are guarded by the scheduler's lock. */
    static final class Placed {
        final String workerId;
        final String jobId;
        final long runId;
        final int slots;
        final String nodeId;
        boolean alive = true;
        boolean confirmed;
        String description;
        long endedNanos;

        Placed(String workerId, String jobId, long runId, int slots, String nodeId, String description) {
            this.workerId = workerId;
            this.jobId = jobId;
            this.runId = runId;
            this.slots = slots;
            this.nodeId = nodeId;
            this.description = description;
        }

        void end(String why) {
            if (alive) {
                alive = false;
                description = description + ", " + why;
                endedNanos = System.nanoTime();
            }
        }
    }

    private final NodeSettings settings;
    private final Supplier<ClusterAuth> auth;
    private final InstalledBundles installed;
    private final BundleJars jars;
    private final Object lock = new Object();
    // guarded by lock
    private Server server;
    private String listenFailure;
    private boolean closed;
    private boolean standby;
    private volatile long lastPreparedNanos;
    /** Runs stopped here, by job: the highest run id (-1: all runs) and when; guarded by lock. */
    private final Map<String, long[]> stoppedRuns = new HashMap<>();
    private final Map<String, NodeSession> nodes = new TreeMap<>();
    private final List<Placed> lost = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Map<Path, String[]> hashes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wadi-node-scheduler");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public NodeScheduler(BundleContext context, NodeSchedulerConfig config) {
        this(NodeSettings.from(config, System::getenv), serverAuth(context, NodeSettings.from(config, System::getenv)),
                (name, version) -> find(context, name, version), repositories(context));
    }

    /**
     * A scheduler that opens its node port once {@linkplain #prepare() prepared}, guarded by the
     * cluster credentials {@code auth} gives then.
     */
    public NodeScheduler(NodeSettings settings, Supplier<ClusterAuth> auth, InstalledBundles installed,
            List<Path> repositories) {
        this.settings = settings;
        this.auth = auth;
        this.installed = installed;
        this.jars = new BundleJars(repositories);
    }

    /**
     * Opens the node port, the first time: only a server whose active controller uses this
     * scheduler listens for nodes (a standby server, or one using another scheduler, does not).
     */
    @Override
    public void prepare() {
        lastPreparedNanos = System.nanoTime();
        ClusterAuth credentials;
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (server != null) {
                if (standby) {
                    standby = false;
                    LOG.info("This server's controller uses the node scheduler again: it takes node registrations");
                }
                return;
            }
            NodeService service = new NodeService(this);
            BindableService guarded = () -> ServerInterceptors.intercept(service, new TokenCheck(settings.token()));
            try {
                credentials = auth.get();
                server = Rpc.startServer(new InetSocketAddress(settings.host(), settings.port()), credentials, guarded);
            } catch (IOException | RuntimeException e) {
                String why = "the node scheduler cannot listen on " + settings.host() + ":" + settings.port()
                        + " (node.grpc.host / node.grpc.port in " + NodeSettings.CFG + "): " + e.getMessage();
                if (!why.equals(listenFailure)) {
                    LOG.error("{}; trying again", why);
                    listenFailure = why;
                }
                return;
            }
            listenFailure = null;
            standby = false;
        }
        long every = settings.heartbeat().toMillis();
        watchdog.scheduleWithFixedDelay(this::checkNodes, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Node scheduler listening on {}:{} for nodes; credentials: {}{}", settings.host(), port(),
                credentials.describe(), settings.token().isEmpty() ? "" : ", node.token required");
    }

    /**
     * The server's cluster credentials, as the controller finds them: configured, or the data
     * folder's secret, generated there when the node port is not on loopback.
     */
    private static Supplier<ClusterAuth> serverAuth(BundleContext context, NodeSettings settings) {
        return () -> {
            String data = context.getProperty("karaf.data");
            return serverAuth(System::getenv, Path.of(data == null || data.isBlank() ? "data" : data), settings.host());
        };
    }

    /** The credentials for a node port on {@code host}, from {@code env} or the data folder (written there if needed). */
    static ClusterAuth serverAuth(Function<String, String> env, Path dataFolder, String host) {
        try {
            return ClusterAuth.resolveForServer(env, dataFolder, !NodeSettings.loopback(host));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the cluster secret into " + dataFolder + ": " + e.getMessage(),
                    e);
        }
    }

    /** Why this server takes no node registrations now (it stands by), or null when it takes them. */
    public String standbyReason() {
        synchronized (lock) {
            return standby ? standbyText() : null;
        }
    }

    private String standbyText() {
        return "this server stands by: its controller stopped (it lost the controller lock) or has not used the"
                + " node scheduler for " + settings.standbyAfter().toMillis() + " ms (node.standby.after.ms; it is not"
                + " the active controller, or it uses another scheduler): register with the active server";
    }

    private static Optional<String> find(BundleContext context, String symbolicName, String version) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getVersion().toString().equals(version)) {
                return Optional.of(b.getLocation());
            }
        }
        return Optional.empty();
    }

    private static List<Path> repositories(BundleContext context) {
        String home = context.getProperty("karaf.home");
        if (home == null || home.isBlank()) {
            return List.of();
        }
        List<Path> repos = new ArrayList<>();
        repos.add(Path.of(home, "system"));
        String defaultRepo = context.getProperty("karaf.default.repository");
        if (defaultRepo != null && !defaultRepo.isBlank() && !repos.contains(Path.of(home).resolve(defaultRepo))) {
            repos.add(Path.of(home).resolve(defaultRepo));
        }
        return repos;
    }

    /** The port nodes connect to, or -1 before it is open. */
    public int port() {
        synchronized (lock) {
            return server == null ? -1 : server.getPort();
        }
    }

    NodeSettings settings() {
        return settings;
    }

    /** The nodes connected now, with their slots and the workers they run. */
    @Override
    public List<SchedulerNode> nodes() {
        synchronized (lock) {
            return nodes.values().stream().map(n -> new SchedulerNode(n.id(), n.hostname(), n.slots(), free(n),
                    (int) n.workers().values().stream().filter(p -> p.alive).count())).toList();
        }
    }

    // ---- the sessions' events (from NodeService) ----

    /**
     * A node registered; a session of the same node id before it is replaced. Its running workers
     * are kept, but those of runs stopped here: the node is told to stop them.
     *
     * @return false when the scheduler stands by and takes no registration
     */
    boolean registered(NodeSession node, List<WorkerState> running) {
        NodeSession old;
        Set<StopWorkers> stops = new LinkedHashSet<>();
        synchronized (lock) {
            if (standby || closed) {
                return false;
            }
            old = nodes.put(node.id(), node);
            for (WorkerState w : running) {
                Placed p = new Placed(w.getWorkerId(), w.getJobId(), w.getRunId(), w.getSlots(), node.id(),
                        w.getDescription());
                p.confirmed = true;
                p.alive = w.getAlive();
                node.workers().put(p.workerId, p);
                if (p.alive && wasStopped(p.jobId, p.runId)) {
                    p.end("stopped: its run was stopped before its node registered");
                    stops.add(StopWorkers.newBuilder().setJobId(p.jobId).setRunId(p.runId).setForce(true).build());
                }
            }
            if (old != null) {
                dropNode(old, "replaced by a new session of the node", node.workers().keySet());
            }
        }
        if (old != null) {
            old.close(Status.ABORTED.withDescription("a new session of node " + node.id() + " replaced this one"));
        }
        LOG.info("Node {} ({}, version {}) registered: {} slots, {} workers running", node.id(), node.hostname(),
                node.version(), node.slots(), running.stream().filter(WorkerState::getAlive).count());
        for (StopWorkers stop : stops) {
            LOG.info("Node {} still runs workers of job {} run {}, which was stopped: stopping them", node.id(),
                    stop.getJobId(), stop.getRunId());
            node.send(ServerMessage.newBuilder().setStop(stop).build());
        }
        return true;
    }

    /** Whether run {@code runId} of a job was stopped here (a later run, or all of them). Under the lock. */
    private boolean wasStopped(String jobId, long runId) {
        long[] stopped = stoppedRuns.get(jobId);
        return stopped != null && (stopped[0] < 0 || runId <= stopped[0]);
    }

    void heartbeat(NodeSession node, List<WorkerState> reported) {
        Set<StopWorkers> stops = new LinkedHashSet<>();
        synchronized (lock) {
            if (nodes.get(node.id()) != node) {
                return;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (WorkerState w : reported) {
                seen.add(w.getWorkerId());
                Placed p = node.workers().get(w.getWorkerId());
                if (p == null) {
                    p = new Placed(w.getWorkerId(), w.getJobId(), w.getRunId(), w.getSlots(), node.id(), w.getDescription());
                    node.workers().put(p.workerId, p);
                    if (w.getAlive() && wasStopped(p.jobId, p.runId)) {
                        stops.add(StopWorkers.newBuilder().setJobId(p.jobId).setRunId(p.runId).setForce(true).build());
                    }
                }
                p.confirmed = true;
                p.description = w.getDescription();
                if (!w.getAlive() && p.alive) {
                    p.alive = false;
                    p.endedNanos = System.nanoTime();
                }
            }
            long now = System.nanoTime();
            for (Placed p : node.workers().values()) {
                if (p.confirmed && p.alive && !seen.contains(p.workerId)) {
                    p.end("no longer reported by its node");
                }
            }
            node.workers().values().removeIf(p -> !p.alive && now - p.endedNanos > ENDED_KEPT.toNanos());
        }
        for (StopWorkers stop : stops) {
            node.send(ServerMessage.newBuilder().setStop(stop).build());
        }
    }

    void started(NodeSession node, String workerId, String description) {
        synchronized (lock) {
            Placed p = node.workers().get(workerId);
            if (p != null) {
                p.confirmed = true;
                p.description = description;
            }
        }
        CompletableFuture<String> f = pending.get(workerId);
        if (f != null) {
            f.complete(description);
        }
    }

    void refused(NodeSession node, String workerId, String reason) {
        synchronized (lock) {
            Placed p = node.workers().get(workerId);
            if (p != null) {
                p.end("refused: " + reason);
            }
        }
        CompletableFuture<String> f = pending.get(workerId);
        if (f != null) {
            f.completeExceptionally(new SchedulerException("node " + node.id() + " could not start worker " + workerId
                    + ": " + reason));
        }
    }

    /** The node's session ended. */
    void ended(NodeSession node, String why) {
        boolean dropped;
        synchronized (lock) {
            dropped = nodes.get(node.id()) == node;
            if (dropped) {
                nodes.remove(node.id());
                dropNode(node, why, Set.of());
            }
        }
        if (dropped) {
            LOG.warn("Node {} ({}) is lost: {}", node.id(), node.hostname(), why);
        }
    }

    /** Marks a node's workers dead (but those in {@code keep}) and fails their pending starts. Under the lock. */
    private void dropNode(NodeSession node, String why, Set<String> keep) {
        for (Placed p : node.workers().values()) {
            if (keep.contains(p.workerId)) {
                continue;
            }
            p.end("node " + node.id() + " lost: " + why);
            lost.add(p);
            CompletableFuture<String> f = pending.get(p.workerId);
            if (f != null) {
                f.completeExceptionally(new SchedulerException("node " + node.id() + " was lost before it started worker "
                        + p.workerId + ": " + why));
            }
        }
    }

    /**
     * This server's controller stops (it lost the controller lock, or the server shuts down): stand
     * by at once, ending the nodes' sessions so that they register with the active server, instead of
     * waiting for {@code node.standby.after.ms} to pass.
     */
    @Override
    public void release() {
        List<NodeSession> released = new ArrayList<>();
        synchronized (lock) {
            if (standby || closed) {
                return;
            }
            standBy(released);
        }
        LOG.warn("This server's controller stopped: the node scheduler stands by and ends the sessions of its {}"
                + " nodes, which go to the active server", released.size());
        for (NodeSession n : released) {
            n.close(Status.FAILED_PRECONDITION.withDescription(standbyText()));
        }
    }

    /** Stands by, dropping every node into {@code released} (their sessions to close); under the lock. */
    private void standBy(List<NodeSession> released) {
        standby = true;
        lastPreparedNanos = System.nanoTime() - settings.standbyAfter().toNanos() - 1;
        released.addAll(nodes.values());
        for (NodeSession n : released) {
            dropNode(n, "this server stands by", Set.of());
        }
        nodes.clear();
    }

    private void checkNodes() {
        long now = System.nanoTime();
        List<NodeSession> silent = new ArrayList<>();
        List<NodeSession> released = new ArrayList<>();
        boolean wentStandby = false;
        synchronized (lock) {
            if (!standby && !closed && now - lastPreparedNanos > settings.standbyAfter().toNanos()) {
                wentStandby = true;
                standBy(released);
            }
            stoppedRuns.values().removeIf(r -> now - r[1] > ENDED_KEPT.toNanos());
            for (NodeSession n : nodes.values()) {
                if (now - n.lastSeenNanos() > settings.nodeTimeout().toNanos()) {
                    silent.add(n);
                }
            }
            lost.removeIf(p -> now - p.endedNanos > ENDED_KEPT.toNanos());
        }
        if (wentStandby) {
            LOG.warn("This server's controller has not used the node scheduler for {} ms: it stands by and ends the"
                    + " sessions of its {} nodes, which go to the active server", settings.standbyAfter().toMillis(),
                    released.size());
        }
        for (NodeSession n : released) {
            n.close(Status.FAILED_PRECONDITION.withDescription(standbyText()));
        }
        for (NodeSession n : silent) {
            String why = "no word from it for " + settings.nodeTimeout().toMillis() + " ms (node.timeout.ms)";
            ended(n, why);
            n.close(Status.UNAVAILABLE.withDescription(why));
        }
    }

    // ---- Scheduler ----

    @Override
    public void startWorkers(WorkerRequest request) throws SchedulerException {
        String jobId = request.jobId();
        List<String> ids = new ArrayList<>(request.workerIds());
        while (ids.size() < request.workers()) {
            ids.add(newId("wkr_"));
        }
        List<BundleRef> plugins = bundleRefs(request.plugins(), jobId);
        Map<Placed, NodeSession> placed = new LinkedHashMap<>();
        synchronized (lock) {
            forgetEnded(jobId, request.runId());
            long[] stopped = stoppedRuns.get(jobId);
            if (stopped != null && (stopped[0] < 0 || stopped[0] >= request.runId())) {
                // the runs stopped so far are those before this one
                stoppedRuns.put(jobId, new long[] {request.runId() - 1, stopped[1]});
            }
            for (int i = 0; i < ids.size(); i++) {
                NodeSession n = choose(jobId, request.slotsPerWorker());
                if (n == null) {
                    String nodesNow = describeNodes();
                    placed.forEach((p, node) -> {
                        node.workers().remove(p.workerId);
                        pending.remove(p.workerId);
                    });
                    int port = server == null ? settings.port() : server.getPort();
                    throw new SchedulerException(nodes.isEmpty()
                            ? "no node is registered with the node scheduler (port " + port
                                    + "): start one with bin/wadi node --server <this server>:" + port
                            : "no node has " + request.slotsPerWorker() + " free slots for worker " + (i + 1) + " of "
                                    + ids.size() + " of job " + jobId + " (nodes: " + nodesNow + ")");
                }
                Placed p = new Placed(ids.get(i), jobId, request.runId(), request.slotsPerWorker(), n.id(),
                        "starting on " + n.hostname());
                n.workers().put(p.workerId, p);
                placed.put(p, n);
                pending.put(p.workerId, new CompletableFuture<>());
            }
        }
        try {
            for (Map.Entry<Placed, NodeSession> e : placed.entrySet()) {
                Placed p = e.getKey();
                StartWorker start = StartWorker.newBuilder().setWorkerId(p.workerId).setJobId(jobId)
                        .setRunId(request.runId()).setControllerAddress(request.controllerAddress())
                        .setSlots(request.slotsPerWorker()).addAllPlugins(plugins).putAllEnv(request.env()).build();
                if (!e.getValue().send(ServerMessage.newBuilder().setStart(start).build())) {
                    pending.get(p.workerId).completeExceptionally(new SchedulerException("node " + p.nodeId
                            + " cannot be reached to start worker " + p.workerId));
                }
                LOG.info("Starting worker {} of job {} run {} on node {}", p.workerId, jobId, request.runId(), p.nodeId);
            }
            long deadline = System.nanoTime() + settings.startTimeout().toNanos();
            for (Placed p : placed.keySet()) {
                await(pending.get(p.workerId), deadline, p);
            }
        } catch (SchedulerException | RuntimeException e) {
            Set<NodeSession> involved = new LinkedHashSet<>(placed.values());
            synchronized (lock) {
                placed.keySet().forEach(p -> p.end("its start failed"));
            }
            StopWorkers stop = StopWorkers.newBuilder().setJobId(jobId).setRunId(request.runId()).setForce(true).build();
            involved.forEach(n -> n.send(ServerMessage.newBuilder().setStop(stop).build()));
            throw e;
        } finally {
            placed.keySet().forEach(p -> pending.remove(p.workerId));
        }
    }

    private void await(CompletableFuture<String> f, long deadline, Placed p) throws SchedulerException {
        try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SchedulerException se) {
                throw se;
            }
            throw new SchedulerException("node " + p.nodeId + " could not start worker " + p.workerId + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new SchedulerException("node " + p.nodeId + " did not start worker " + p.workerId + " of job " + p.jobId
                    + " within " + settings.startTimeout().toMillis() + " ms (node.start.timeout.ms)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("interrupted while node " + p.nodeId + " started worker " + p.workerId);
        }
    }

    /** The node with the most free slots, at least {@code slots}; ties: fewest workers of the job, then id. Under the lock. */
    private NodeSession choose(String jobId, int slots) {
        return nodes.values().stream()
                .filter(n -> free(n) >= slots)
                .min(Comparator.comparingInt((NodeSession n) -> -free(n))
                        .thenComparingLong(n -> n.workers().values().stream()
                                .filter(p -> p.alive && p.jobId.equals(jobId)).count())
                        .thenComparing(NodeSession::id))
                .orElse(null);
    }

    /** A node's slots not taken by live workers. Under the lock. */
    private static int free(NodeSession n) {
        return n.slots() - n.workers().values().stream().filter(p -> p.alive).mapToInt(p -> p.slots).sum();
    }

    private String describeNodes() {
        List<String> out = new ArrayList<>();
        for (NodeSession n : nodes.values()) {
            out.add(n.id() + " " + free(n) + "/" + n.slots() + " free");
        }
        return String.join(", ", out);
    }

    /** Forgets ended workers of earlier runs of a job. Under the lock. */
    private void forgetEnded(String jobId, long runId) {
        for (NodeSession n : nodes.values()) {
            n.workers().values().removeIf(p -> p.jobId.equals(jobId) && p.runId < runId && !p.alive);
        }
        lost.removeIf(p -> p.jobId.equals(jobId) && p.runId < runId);
    }

    private List<BundleRef> bundleRefs(List<PluginBundle> plugins, String jobId) throws SchedulerException {
        List<BundleRef> refs = new ArrayList<>();
        for (PluginBundle b : plugins) {
            Path jar = jars.find(b.location()).orElseThrow(() -> new SchedulerException("the jar of bundle "
                    + b.symbolicName() + " " + b.version() + ", which job " + jobId + " uses, is not in the server (installed from "
                    + b.location() + "); nodes cannot fetch it"));
            try {
                refs.add(BundleRef.newBuilder().setSymbolicName(b.symbolicName()).setVersion(b.version())
                        .setLocation(b.location()).setSha256(hash(jar)).build());
            } catch (IOException e) {
                throw new SchedulerException("cannot read the jar of bundle " + b.symbolicName() + " (" + jar + "): " + e, e);
            }
        }
        return refs;
    }

    /** The jar's SHA-256, remembered while its size and modification time stay. */
    private String hash(Path jar) throws IOException {
        String stamp = Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis();
        String[] known = hashes.get(jar);
        if (known != null && known[0].equals(stamp)) {
            return known[1];
        }
        String sha = BundleJars.sha256(jar);
        hashes.put(jar, new String[] {stamp, sha});
        return sha;
    }

    /** The jar of an installed bundle a node asks for: never a file that is not an installed bundle's. */
    Path jarFor(BundleRef ref) {
        String location = installed.location(ref.getSymbolicName(), ref.getVersion()).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("bundle " + ref.getSymbolicName() + " " + ref.getVersion()
                        + " is not installed in the server").asRuntimeException());
        return jars.find(location).orElseThrow(() -> Status.NOT_FOUND.withDescription("the jar of bundle "
                + ref.getSymbolicName() + " " + ref.getVersion() + " is not in the server (installed from " + location + ")")
                .asRuntimeException());
    }

    @Override
    public void stopWorkers(String jobId, long runId, boolean force) {
        Set<NodeSession> involved = new LinkedHashSet<>();
        synchronized (lock) {
            long[] before = stoppedRuns.get(jobId);
            long run = before == null || runId < 0 || before[0] < 0 ? runId : Math.max(runId, before[0]);
            stoppedRuns.put(jobId, new long[] {run, System.nanoTime()});
            for (NodeSession n : nodes.values()) {
                for (Placed p : n.workers().values()) {
                    if (p.jobId.equals(jobId) && (runId < 0 || p.runId == runId) && p.alive) {
                        involved.add(n);
                        // its slots are free for the job's next run: the node's process scheduler
                        // gives the next worker the released process
                        p.end("stopped");
                    }
                }
            }
        }
        StopWorkers stop = StopWorkers.newBuilder().setJobId(jobId).setRunId(runId).setForce(force).build();
        for (NodeSession n : involved) {
            LOG.info("Stopping the workers of job {}{} on node {}", jobId, runId < 0 ? "" : " run " + runId, n.id());
            n.send(ServerMessage.newBuilder().setStop(stop).build());
        }
    }

    @Override
    public List<WorkerHandle> workers(String jobId) {
        List<WorkerHandle> out = new ArrayList<>();
        synchronized (lock) {
            for (NodeSession n : nodes.values()) {
                for (Placed p : n.workers().values()) {
                    if (p.jobId.equals(jobId)) {
                        out.add(handle(p, n.hostname()));
                    }
                }
            }
            for (Placed p : lost) {
                if (p.jobId.equals(jobId)) {
                    out.add(handle(p, null));
                }
            }
        }
        return out;
    }

    private static WorkerHandle handle(Placed p, String hostname) {
        String where = "node " + p.nodeId + (hostname == null ? "" : " (" + hostname + ")") + ": " + p.description;
        return new WorkerHandle(p.workerId, p.jobId, p.runId, where, p.alive, p.nodeId);
    }

    @Deactivate
    @Override
    public void close() {
        watchdog.shutdownNow();
        List<NodeSession> all;
        Server listening;
        synchronized (lock) {
            closed = true;
            all = List.copyOf(nodes.values());
            listening = server;
        }
        all.forEach(n -> n.close(Status.UNAVAILABLE.withDescription("the server's node scheduler is stopping")));
        if (listening == null) {
            return;
        }
        listening.shutdownNow();
        try {
            listening.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String newId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 10; i++) {
            sb.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }
}
