package org.wadi.node.internal;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ClusterAuth;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.node.BundleChunk;
import org.wadi.rpc.node.BundleRef;
import org.wadi.rpc.node.Heartbeat;
import org.wadi.rpc.node.NodeMessage;
import org.wadi.rpc.node.NodeServiceGrpc;
import org.wadi.rpc.node.Register;
import org.wadi.rpc.node.ServerMessage;
import org.wadi.rpc.node.StartWorker;
import org.wadi.rpc.node.StopWorkers;
import org.wadi.rpc.node.WorkerFailedToStart;
import org.wadi.rpc.node.WorkerStarted;
import org.wadi.rpc.node.WorkerState;
import org.wadi.spi.scheduler.PluginBundle;
import org.wadi.spi.scheduler.Scheduler;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import java.util.concurrent.RejectedExecutionException;

/**
 * The node agent: holds a session with the server's node scheduler ({@code node.server}), registers
 * this node's slots, reports its workers every heartbeat, and starts and stops workers when told —
 * through this machine's {@code process} scheduler, which launches, pools, logs and cleans up the
 * worker processes. The job's connector and function bundles are fetched from the server once per
 * jar content into {@code ${karaf.data}/bundles/<sha256>.jar}. When the server goes away the agent
 * reconnects with backoff; its workers keep running meanwhile and are reported again.
 *
 * <p>Several servers ({@code node.server = h1:5117,h2:5117}, servers sharing one database): the
 * agent tries them in turn until one takes its registration — only the server whose controller is
 * active does; a standby refuses with {@code FAILED_PRECONDITION} or does not listen — and after a
 * failover it registers with the new active server within a few seconds, reporting the workers it
 * kept running (the new server stops those of runs it has stopped).
 *
 * <p>The session carries the cluster's credentials (as workers do towards the controller): the
 * shared secret ({@code WADI_CLUSTER_SECRET}, {@code WADI_CLUSTER_SECRET_FILE}, or the data
 * folder's {@code cluster.secret}) signs every call, and with {@code WADI_CLUSTER_TLS_CERT/KEY/CA}
 * the connection is TLS, the server's certificate checked against the cluster's authority and the
 * node's shown to it. A server that is not on loopback requires them.
 */
@Component(service = {}, immediate = true, configurationPid = "org.wadi.node", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NodeAgentConfig.class)
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final Metadata.Key<String> TOKEN = Metadata.Key.of("wadi-node-token", Metadata.ASCII_STRING_MARSHALLER);
    private static final long FIRST_BACKOFF_MS = 250;
    /** Short, so that a node finds the new active server within a few seconds of a failover. */
    private static final long MAX_BACKOFF_MS = 2_000;
    /** How long a server may take to answer a registration before the next one is tried. */
    static final long REGISTRATION_TIMEOUT_MS = 5_000;
    /** Between two servers of one round. */
    private static final long NEXT_SERVER_MS = 50;
    private static final long FETCH_TIMEOUT_S = 120;

    /** A server the node may register with: its address, and stubs over one channel to it. */
    private record Target(String address, ManagedChannel channel, NodeServiceGrpc.NodeServiceStub stub,
            NodeServiceGrpc.NodeServiceBlockingStub blocking) {
    }

    private final AgentSettings settings;
    private final Scheduler local;
    private final List<Target> targets = new ArrayList<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "wadi-node"));
    private final ExecutorService commands = Executors.newSingleThreadExecutor(r -> thread(r, "wadi-node-commands"));
    /** The workers this agent started, with their slots; the jobs they belong to. */
    private final Map<String, Integer> ours = new ConcurrentHashMap<>();
    private final Set<String> jobs = ConcurrentHashMap.newKeySet();
    /** Holds a heartbeat's snapshot and sending together, and a start and its answer, so they never cross. */
    private final Object report = new Object();
    private volatile Session session;
    private volatile boolean closed;
    // guarded by this
    private long backoffMs = FIRST_BACKOFF_MS;
    private int next;
    private int failedInRow;
    /** The servers that could not be reached since the last registration, each told once at WARN. */
    private final Set<String> unreachable = new HashSet<>();

    @Activate
    public NodeAgent(BundleContext context, NodeAgentConfig config,
            @Reference(target = "(" + Scheduler.NAME_PROPERTY + "=process)") Scheduler local) {
        this(AgentSettings.from(config, System::getenv, context::getProperty,
                context.getBundle().getVersion().toString()), clusterAuth(context), local);
    }

    /**
     * An agent that connects at once, with the cluster's credentials {@code auth}.
     *
     * @throws IllegalArgumentException when a server is not on loopback and {@code auth} holds no
     *         credentials, or the TLS files cannot be used
     */
    public NodeAgent(AgentSettings settings, ClusterAuth auth, Scheduler local) {
        this.settings = settings;
        this.local = local;
        for (String server : settings.servers()) {
            if (!auth.enabled() && ClusterAuth.isExposed(host(server))) {
                throw new IllegalArgumentException("node.server " + server + " in " + AgentSettings.CFG + " is not a"
                        + " loopback address: the node needs the cluster's credentials — " + ClusterAuth.SECRET_ENV
                        + " or " + ClusterAuth.SECRET_FILE_ENV + " (the server's data/cluster.secret), or that file"
                        + " copied into this node's data folder; and " + ClusterAuth.TLS_CERT_ENV + ", "
                        + ClusterAuth.TLS_KEY_ENV + ", " + ClusterAuth.TLS_CA_ENV + " when the cluster uses TLS");
            }
        }
        Metadata headers = new Metadata();
        if (!settings.token().isEmpty()) {
            headers.put(TOKEN, settings.token());
        }
        try {
            for (String server : settings.servers()) {
                ManagedChannel channel = Rpc.channel(server, auth);
                targets.add(new Target(server, channel,
                        NodeServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)),
                        NodeServiceGrpc.newBlockingStub(channel)
                                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))));
            }
        } catch (RuntimeException e) {
            targets.forEach(t -> t.channel().shutdownNow());
            loop.shutdownNow();
            commands.shutdownNow();
            throw e;
        }
        LOG.info("Node {} ({} slots) connects to the node scheduler of {} (cluster credentials: {})", settings.nodeId(),
                settings.slots(), settings.servers().size() == 1 ? "the server at " + settings.servers().get(0)
                        : "the active one of the servers " + settings.describeServers(), auth.describe());
        local.prepare();
        loop.execute(this::connect);
    }

    /** The credentials of the cluster, as its workers find them, with this node's data/cluster.secret as the default file. */
    private static ClusterAuth clusterAuth(BundleContext context) {
        String data = context.getProperty("karaf.data");
        Path dataDir = Path.of(data == null || data.isBlank() ? "data" : data);
        return ClusterAuth.resolve(System::getenv, dataDir.resolve(ClusterAuth.SECRET_FILE_NAME));
    }

    private static String host(String hostAndPort) {
        String host = hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Whether the server has accepted this node's registration and the session holds. */
    public boolean registered() {
        Session s = session;
        return s != null && s.registered && !s.over;
    }

    /** The address of the server this node is registered with, or null. */
    public String server() {
        Session s = session;
        return s != null && s.registered && !s.over ? s.target.address() : null;
    }

    // ---- the session ----

    private void connect() {
        if (closed) {
            return;
        }
        Target target;
        synchronized (this) {
            target = targets.get(next);
        }
        Session s = new Session(target);
        session = s;
        try {
            s.out = target.stub().session(s);
            synchronized (report) {
                Register register = Register.newBuilder().setNodeId(settings.nodeId()).setHostname(settings.hostname())
                        .setSlots(settings.slots()).setVersion(settings.version()).addAllWorkers(workersNow()).build();
                s.send(NodeMessage.newBuilder().setRegister(register).build());
            }
            loop.schedule(() -> giveUp(s), REGISTRATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            s.onError(e);
        }
    }

    /**
     * Ends an attempt the server has not answered: a host that is gone without a trace, or a server
     * whose process hangs (its kernel still accepts connections), would otherwise hold the node
     * until TCP gives up, long after another server became the active one.
     */
    private void giveUp(Session s) {
        if (s.registered || s.over) {
            return;
        }
        String why = "no answer to the registration within " + REGISTRATION_TIMEOUT_MS + " ms";
        if (s.out instanceof ClientCallStreamObserver<NodeMessage> call) {
            call.cancel(why, null);
        } else {
            s.onError(Status.DEADLINE_EXCEEDED.withDescription(why).asRuntimeException());
        }
    }

    private void reconnect(Session s, Throwable why) {
        if (s.over) {
            return;
        }
        s.over = true;
        ScheduledFuture<?> h = s.heartbeats;
        if (h != null) {
            h.cancel(false);
        }
        if (closed) {
            return;
        }
        Status status = why == null ? Status.OK : Status.fromThrowable(why);
        boolean standby = status.getCode() == Status.Code.FAILED_PRECONDITION;
        long delay;
        String then;
        synchronized (this) {
            int n = targets.size();
            if (s.registered && !standby) {
                // the session broke: the same server first, it may still be the active one
                next = targets.indexOf(s.target);
                failedInRow = 0;
                backoffMs = FIRST_BACKOFF_MS;
                delay = FIRST_BACKOFF_MS;
            } else {
                failedInRow++;
                next = (targets.indexOf(s.target) + 1) % n;
                if (failedInRow % n == 0) {
                    // every server was tried
                    delay = backoffMs;
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                } else {
                    delay = NEXT_SERVER_MS;
                }
            }
            then = targets.get(next).address();
        }
        String server = s.target.address();
        Throwable tls = sslCause(why);
        boolean firstTime;
        synchronized (this) {
            firstTime = unreachable.add(server);
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.INVALID_ARGUMENT) {
            LOG.error("The server at {} refused node {}: {}; trying {} in {} ms", server, settings.nodeId(),
                    status.getDescription(), then, delay);
        } else if (tls != null) {
            LOG.error("No TLS session with the server at {}: {} (the node's and the server's certificates must be"
                    + " signed by the cluster's authority, {}, and the server's must name its address; a server without"
                    + " TLS cannot be reached with it, nor one with TLS without it); trying {} in {} ms", server,
                    tls.getMessage(), ClusterAuth.TLS_CA_ENV, then, delay);
        } else if (standby) {
            LOG.info("The server at {} does not take node {}: {}; trying {} in {} ms", server, settings.nodeId(),
                    status.getDescription(), then, delay);
        } else if (s.registered) {
            LOG.warn("Lost the session with the server at {} ({}); its workers keep running; trying {} in {} ms",
                    server, why == null ? "ended by the server" : status, then, delay);
        } else if (firstTime) {
            LOG.warn("Cannot reach the server at {} ({}); trying {} in {} ms, and on", server, status, then, delay);
        } else {
            LOG.debug("Cannot reach the server at {} ({}); trying {} in {} ms", server, status, then, delay);
        }
        try {
            loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static Throwable sslCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException) {
                return c;
            }
        }
        return null;
    }

    /** One session with a server; commands arrive through it. */
    private final class Session implements StreamObserver<ServerMessage> {
        final Target target;
        volatile StreamObserver<NodeMessage> out;
        volatile boolean registered;
        volatile boolean over;
        volatile ScheduledFuture<?> heartbeats;

        Session(Target target) {
            this.target = target;
        }

        synchronized boolean send(NodeMessage message) {
            if (over || out == null) {
                return false;
            }
            try {
                out.onNext(message);
                return true;
            } catch (RuntimeException e) {
                LOG.debug("Cannot send to the server: {}", e.toString());
                return false;
            }
        }

        @Override
        public void onNext(ServerMessage message) {
            switch (message.getMsgCase()) {
                case REGISTERED -> {
                    registered = true;
                    synchronized (NodeAgent.this) {
                        backoffMs = FIRST_BACKOFF_MS;
                        failedInRow = 0;
                        unreachable.clear();
                    }
                    long every = Math.max(100, message.getRegistered().getHeartbeatMs());
                    heartbeats = loop.scheduleWithFixedDelay(() -> heartbeat(this), every, every, TimeUnit.MILLISECONDS);
                    LOG.info("Node {} registered with the server at {}: {} slots", settings.nodeId(), target.address(),
                            settings.slots());
                }
                case START -> commands.execute(() -> start(this, message.getStart()));
                case STOP -> commands.execute(() -> stop(message.getStop()));
                case REFUSED -> LOG.debug("The server at {} refused node {}: {}", target.address(), settings.nodeId(),
                        message.getRefused().getReason());
                default -> LOG.warn("The server sent an unexpected {}; ignored", message.getMsgCase());
            }
        }

        @Override
        public void onError(Throwable t) {
            reconnect(this, t);
        }

        @Override
        public void onCompleted() {
            reconnect(this, null);
        }
    }

    private void heartbeat(Session s) {
        try {
            synchronized (report) {
                s.send(NodeMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().addAllWorkers(workersNow())).build());
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot report this node's workers: {}", e.toString());
        }
    }

    /**
     * The workers this agent started that the process scheduler still knows (it forgets ended ones
     * after a while, and so does this agent then). Under the {@code report} lock.
     */
    private List<WorkerState> workersNow() {
        List<WorkerState> out = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (String job : jobs) {
            boolean any = false;
            for (WorkerHandle h : local.workers(job)) {
                Integer slots = ours.get(h.workerId());
                if (slots != null) {
                    any = true;
                    known.add(h.workerId());
                    out.add(WorkerState.newBuilder().setWorkerId(h.workerId()).setJobId(h.jobId()).setRunId(h.runId())
                            .setAlive(h.alive()).setDescription(h.description()).setSlots(slots).build());
                }
            }
            if (!any) {
                jobs.remove(job);
            }
        }
        ours.keySet().retainAll(known);
        return out;
    }

    // ---- commands ----

    private void start(Session s, StartWorker w) {
        String workerId = w.getWorkerId();
        String job = w.getJobId();
        List<PluginBundle> plugins = new ArrayList<>();
        try {
            for (BundleRef ref : w.getPluginsList()) {
                plugins.add(new PluginBundle(ref.getSymbolicName(), ref.getVersion(),
                        fetch(s.target, ref).toUri().toString()));
            }
        } catch (IOException | RuntimeException e) {
            String reason = "cannot fetch the job's bundles from the server: " + (e.getMessage() == null ? e : e.getMessage());
            LOG.warn("Worker {} of job {}: {}", workerId, job, reason);
            s.send(NodeMessage.newBuilder().setRefused(WorkerFailedToStart.newBuilder().setWorkerId(workerId)
                    .setReason(reason)).build());
            return;
        }
        WorkerRequest request = new WorkerRequest(job, w.getRunId(), w.getControllerAddress(), 1, w.getSlots(), plugins,
                w.getEnvMap(), List.of(workerId));
        synchronized (report) {
            jobs.add(job);
            ours.put(workerId, w.getSlots());
            try {
                local.startWorkers(request);
            } catch (SchedulerException | RuntimeException e) {
                ours.remove(workerId);
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.warn("Cannot start worker {} of job {}: {}", workerId, job, reason);
                s.send(NodeMessage.newBuilder().setRefused(WorkerFailedToStart.newBuilder().setWorkerId(workerId)
                        .setReason(reason)).build());
                return;
            }
            String description = local.workers(job).stream().filter(h -> h.workerId().equals(workerId))
                    .map(WorkerHandle::description).findFirst().orElse("started");
            s.send(NodeMessage.newBuilder().setStarted(WorkerStarted.newBuilder().setWorkerId(workerId)
                    .setDescription(description)).build());
        }
        LOG.info("Started worker {} of job {} run {}: {}", workerId, job, w.getRunId(), w.getControllerAddress());
    }

    private void stop(StopWorkers stop) {
        try {
            local.stopWorkers(stop.getJobId(), stop.getRunId(), stop.getForce());
        } catch (RuntimeException e) {
            LOG.warn("Cannot stop the workers of job {}: {}", stop.getJobId(), e.toString());
        }
    }

    /** The jar of a bundle, from the cache or fetched from the server and checked against its SHA-256. */
    private Path fetch(Target from, BundleRef ref) throws IOException {
        String sha = ref.getSha256();
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new IOException("the server sent no valid SHA-256 for bundle " + ref.getSymbolicName());
        }
        Path target = settings.bundleCache().resolve(sha + ".jar");
        if (Files.isRegularFile(target) && sha.equals(sha256(target))) {
            return target;
        }
        Files.createDirectories(settings.bundleCache());
        Path part = Files.createTempFile(settings.bundleCache(), sha, ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                Iterator<BundleChunk> chunks = from.blocking().withDeadlineAfter(FETCH_TIMEOUT_S, TimeUnit.SECONDS).fetchBundle(ref);
                while (chunks.hasNext()) {
                    chunks.next().getData().writeTo(out);
                }
            } catch (io.grpc.StatusRuntimeException e) {
                throw new IOException("fetching bundle " + ref.getSymbolicName() + " " + ref.getVersion() + " failed: "
                        + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
            }
            String got = sha256(part);
            if (!got.equals(sha)) {
                throw new IOException("bundle " + ref.getSymbolicName() + " " + ref.getVersion() + " arrived with SHA-256 "
                        + got + ", not the " + sha + " the server announced");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Fetched bundle {} {} from the server into {}", ref.getSymbolicName(), ref.getVersion(), target);
            return target;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Deactivate
    @Override
    public void close() {
        closed = true;
        Session s = session;
        if (s != null) {
            synchronized (s) {
                s.over = true;
                try {
                    if (s.out != null) {
                        s.out.onCompleted();
                    }
                } catch (RuntimeException e) {
                    // gone already
                }
            }
        }
        loop.shutdownNow();
        commands.shutdownNow();
        targets.forEach(t -> t.channel().shutdownNow());
        try {
            for (Target t : targets) {
                t.channel().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
