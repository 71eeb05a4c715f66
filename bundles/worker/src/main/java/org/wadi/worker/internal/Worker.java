package org.wadi.worker.internal;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.CheckpointCompleted;
import org.wadi.rpc.CheckpointFailed;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.Heartbeat;
import org.wadi.rpc.LogLevel;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.OutputRows;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.StopMode;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.WorkerLog;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.metrics.MetricsReporter;
import org.wadi.worker.internal.metrics.Pushgateway;
import org.wadi.worker.internal.net.DataServer;
import org.wadi.worker.internal.net.ExchangeSession;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.ConnectorLookup;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * One worker: the worker side of the controller protocol. It opens a {@code WorkerSession},
 * registers, builds and runs the subtasks the controller assigns to it, reports on them, and when
 * they have all ended completes the stream and is {@link #done()}. If the controller's stream ends
 * or breaks, it stops its tasks at once — a worker never outlives its controller session.
 *
 * <p>Checkpoints: the plan names the job's checkpoint storage; the controller's
 * {@code TriggerCheckpoint} makes the local sources inject a barrier, the tasks store their state
 * through a small uploader pool and the worker reports each stored state; {@code CommitCheckpoint}
 * makes the local sinks commit.
 *
 * <p>Data: the worker opens its {@link DataServer} before registering and sends its address with
 * the registration; the controller hands every worker the addresses of all, and subtasks on
 * different workers exchange rows over TCP. The server is bound to 127.0.0.1: the data exchange
 * stays on this machine (binding another address is for a later option).
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long HEARTBEAT_SECONDS = 5;
    /** Threads storing checkpoint state: the disk or the network is the limit, not the CPU. */
    private static final int UPLOADERS = 2;
    /** How long connections to peers are retried, and accepted ones wait for their execution. */
    private static final long DATA_CONNECT_TIMEOUT_MILLIS = 30_000;
    /**
     * How often the worker reports its subtasks' metrics (and pushes them to a Pushgateway), in
     * milliseconds: system property {@code wadi.worker.metrics.interval.millis}, default 5000.
     */
    /** Caught log lines sent with one metrics report, at most: the controller keeps fewer per minute anyway. */
    static final int MAX_LOG_LINES_PER_REPORT = 50;
    static final long METRICS_INTERVAL_MILLIS = Math.max(100, Long.getLong("wadi.worker.metrics.interval.millis", 5000));
    /** The environment variable naming a Pushgateway when the controller names none. */
    static final String PUSHGATEWAY_ENV = "WADI_PUSHGATEWAY_URL";

    /**
     * Who the worker is and where its controller is.
     *
     * @param workerId {@code wkr_…}
     * @param jobId the job
     * @param runId the run of the job
     * @param controllerAddress {@code host:port} of the controller's gRPC server
     * @param slots how many subtasks it may run
     */
    public record Config(String workerId, String jobId, long runId, String controllerAddress, int slots) {
    }

    private final Config config;
    private final ConnectorLookup connectors;
    private final FileAccess files;
    private final RuntimeOptions options;
    private final StorageProvider storage;
    private final ExprCompiler compiler = new ExprCompiler();
    private final ScheduledExecutorService control;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CountDownLatch controllerClosed = new CountDownLatch(1);
    private final Object sendLock = new Object();
    private final AtomicLong droppedOutputRows = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger runningSubtasks = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long startedNanos;
    private volatile int localSubtasks = -1;
    private final MetricsReporter metrics = new MetricsReporter(() -> {
        Execution e = currentExecution();
        return e == null ? List.of() : e.metrics();
    });
    // control thread only
    private Pushgateway pushgateway;
    private volatile Supplier<String> logLines;

    private ManagedChannel channel;
    private DataServer dataServer;
    private ClientCallStreamObserver<WorkerMessage> requests;
    // guarded by this
    private Execution execution;
    private boolean started;
    private boolean ending;
    private ObjectStore checkpointStore;
    /** The storage of another job's checkpoint this run restores, when not {@link #checkpointStore}. */
    private ObjectStore restoreStore;
    private ExecutorService uploader;
    // guarded by sendLock
    private boolean streamClosed;

    /** A worker without checkpoint storage: checkpoints fail, nothing can be restored. */
    public Worker(Config config, ConnectorLookup connectors, FileAccess files, RuntimeOptions options) {
        this(config, connectors, files, options, null);
    }

    /**
     * @param storage opens the job's checkpoint storage; {@code null} when there is none
     */
    public Worker(Config config, ConnectorLookup connectors, FileAccess files, RuntimeOptions options,
            StorageProvider storage) {
        this.config = config;
        this.storage = storage;
        this.connectors = connectors;
        this.files = files;
        this.options = options;
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wadi-worker-" + config.workerId());
            t.setDaemon(true);
            return t;
        });
    }

    public Config config() {
        return config;
    }

    /**
     * Opens the data server, connects to the controller and registers; returns at once.
     *
     * @throws IllegalStateException if the data server cannot be opened
     */
    public void start() {
        try {
            dataServer = DataServer.open(options.dataHost(), null, DATA_CONNECT_TIMEOUT_MILLIS, options.auth());
        } catch (IOException e) {
            throw new IllegalStateException("worker " + config.workerId() + ": " + e.getMessage(), e);
        }
        channel = Rpc.channel(config.controllerAddress(), options.auth());
        ControllerGrpc.newStub(channel).workerSession(new ClientResponseObserver<WorkerMessage, ControllerMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WorkerMessage> stream) {
                requests = stream;
            }

            @Override
            public void onNext(ControllerMessage message) {
                onControl(() -> handle(message));
            }

            @Override
            public void onError(Throwable t) {
                controllerClosed.countDown();
                LOG.warn("Worker {}: the controller session broke ({}); stopping its tasks", config.workerId(),
                        t.toString());
                onControl(Worker.this::controllerGone);
            }

            @Override
            public void onCompleted() {
                controllerClosed.countDown();
                onControl(Worker.this::controllerGone);
            }
        });
        send(WorkerMessage.newBuilder().setRegister(RegisterWorker.newBuilder()
                .setWorkerId(config.workerId())
                .setJobId(config.jobId())
                .setRunId(config.runId())
                .setSlots(config.slots())
                .setDataAddress(dataServer.address())
                .setPid(ProcessHandle.current().pid())).build());
        control.scheduleAtFixedRate(() -> send(WorkerMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setTimeMicros(System.currentTimeMillis() * 1000)).build()),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        control.scheduleAtFixedRate(this::reportMetrics, METRICS_INTERVAL_MILLIS, METRICS_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.info("Worker {} of job {} run {} registering with {}", config.workerId(), config.jobId(), config.runId(),
                config.controllerAddress());
    }

    /** Completes when the worker has ended: its subtasks ended and its session closed. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /**
     * Completes when the worker's subtasks have all ended (at once when it has none): after
     * {@link #close()}, the moment its threads are idle and the process can take other work.
     */
    public CompletableFuture<Void> tasksEnded() {
        Execution e = currentExecution();
        return e == null ? CompletableFuture.completedFuture(null) : e.done().handle((v, t) -> null);
    }

    /** Stops the tasks at once and ends the session normally (they report FINISHED). */
    public void stop() {
        onControl(() -> stopTasks(false));
    }

    /** Ends everything now: tasks cancelled, the session cancelled rather than completed. */
    public void close() {
        Execution e;
        synchronized (this) {
            ending = true;
            e = execution;
        }
        // the session goes first: tasks stopped here must not reach the controller as finished (a
        // worker whose process is going away, say because its node is gone, is lost, not done)
        synchronized (sendLock) {
            if (!streamClosed && requests != null) {
                streamClosed = true;
                requests.cancel("worker closed", null);
            }
        }
        if (e != null) {
            e.stop(false);
        }
        shutdown();
    }

    // ---- controller messages (on the control thread) -------------------------------------------

    private void handle(ControllerMessage message) {
        switch (message.getMsgCase()) {
            case START -> startExecution(message.getStart());
            case STOP -> stopTasks(message.getStop().getMode() == StopMode.STOP_GRACEFUL);
            case TRIGGER_CHECKPOINT -> {
                Execution e = currentExecution();
                if (e != null) {
                    e.triggerCheckpoint(message.getTriggerCheckpoint().getEpoch(),
                            message.getTriggerCheckpoint().getThenStop());
                }
            }
            case COMMIT_CHECKPOINT -> {
                Execution e = currentExecution();
                if (e != null) {
                    e.commitCheckpoint(message.getCommitCheckpoint().getEpoch());
                }
            }
            default -> LOG.warn("Worker {} ignores a controller message it does not know: {}", config.workerId(),
                    message.getMsgCase());
        }
    }

    private void startExecution(StartExecution start) {
        synchronized (this) {
            if (started || ending) {
                LOG.warn("Worker {} ignores a second or late StartExecution", config.workerId());
                return;
            }
            started = true;
        }
        long t0 = System.nanoTime();
        DataflowPlan plan;
        try {
            plan = PlanCodec.fromJson(start.getPlanJson());
        } catch (IllegalArgumentException e) {
            sendUpdate("", 0, TaskState.TASK_FAILED, e.getMessage(), "internal");
            finish();
            return;
        }
        openPushgateway(start.getPushgatewayUrl().isBlank() ? System.getenv(PUSHGATEWAY_ENV) : start.getPushgatewayUrl());
        Execution.Placement placement = placement(start.getAssignmentsList());
        List<Execution.SubtaskRef> local = Execution.localSubtasks(plan, config.workerId(), placement);
        Checkpoints checkpoints;
        try {
            checkpoints = checkpoints(start);
        } catch (IOException | IllegalArgumentException ex) {
            String from = start.getRestoreCheckpointUrl().isBlank() ? start.getCheckpointUrl()
                    : start.getRestoreCheckpointUrl();
            String error = "cannot restore checkpoint " + start.getRestoreEpoch()
                    + (start.getRestoreJobId().isBlank() ? "" : " of job " + start.getRestoreJobId())
                    + " from '" + from + "': " + ex.getMessage();
            LOG.warn("Worker {}: {}", config.workerId(), error);
            for (Execution.SubtaskRef s : local) {
                sendUpdate(s.operatorId(), s.subtask(), TaskState.TASK_FAILED, error, "internal");
            }
            finish();
            return;
        }
        long tStorage = System.nanoTime();
        ExchangeSession network = dataServer.session(config.jobId() + "/" + config.runId(), config.workerId(),
                dataAddresses(start.getAssignmentsList()));
        Execution e;
        try {
            e = Execution.build(config.jobId(), plan, config.workerId(), placement, connectors, files, compiler,
                    options, listener, checkpoints, network);
        } catch (PlanException ex) {
            LOG.info("Worker {} cannot run its subtasks: {}", config.workerId(), ex.getMessage());
            for (Execution.SubtaskRef s : local) {
                sendUpdate(s.operatorId(), s.subtask(), TaskState.TASK_FAILED, ex.getMessage(), ex.domain());
            }
            finish();
            return;
        } catch (RuntimeException ex) {
            LOG.error("Worker {} failed to build its subtasks", config.workerId(), ex);
            for (Execution.SubtaskRef s : local) {
                sendUpdate(s.operatorId(), s.subtask(), TaskState.TASK_FAILED, "internal error: " + ex, "internal");
            }
            finish();
            return;
        }
        synchronized (this) {
            execution = e;
            if (ending) {
                e.stop(false);
            }
        }
        long tBuilt = System.nanoTime();
        LOG.info("Worker {} runs {} subtasks in {} tasks (plan and checkpoint storage {} ms, tasks built {} ms)",
                config.workerId(), local.size(), e.taskCount(), (tStorage - t0) / 1_000_000, (tBuilt - tStorage) / 1_000_000);
        startedNanos = t0;
        localSubtasks = local.size();
        e.done().whenComplete((v, t) -> onControl(this::finish));
        e.start();
    }

    private synchronized Execution currentExecution() {
        return execution;
    }

    /**
     * Opens the checkpoint storage the controller named. Without one (or when it cannot be
     * opened) checkpoints fail with the reason, and the job runs on; a restore needs it.
     */
    private Checkpoints checkpoints(StartExecution start) throws IOException {
        String url = start.getCheckpointUrl();
        long restore = start.hasRestoreEpoch() ? start.getRestoreEpoch() : -1;
        if (url.isBlank()) {
            if (restore >= 0) {
                throw new IOException("the controller named no checkpoint storage");
            }
            return Checkpoints.unavailable(checkpointListener, "the controller named no checkpoint storage");
        }
        if (storage == null) {
            String why = "worker " + config.workerId() + " has no checkpoint storage service (is the wadi-storage bundle installed?)";
            if (restore >= 0) {
                throw new IOException(why);
            }
            return Checkpoints.unavailable(checkpointListener, why);
        }
        ObjectStore store;
        try {
            store = storage.open(url);
        } catch (IOException | RuntimeException ex) {
            if (restore >= 0) {
                throw ex;
            }
            LOG.warn("Worker {} cannot open the checkpoint storage {}: {}", config.workerId(), url, ex.getMessage());
            warn("cannot open the checkpoint storage " + url + ": " + ex.getMessage());
            return Checkpoints.unavailable(checkpointListener, "the checkpoint storage '" + url
                    + "' cannot be opened: " + ex.getMessage());
        }
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS, r -> {
            Thread t = new Thread(r, "wadi-checkpoint-upload-" + config.workerId());
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            checkpointStore = store;
            uploader = pool;
        }
        String restoreJob = start.getRestoreJobId();
        if (restore < 0 || restoreJob.isBlank() || restoreJob.equals(config.jobId())) {
            return new Checkpoints(config.jobId(), store, pool, checkpointListener, restore);
        }
        // a new pipeline's first run: the checkpoint of another job, perhaps in another storage
        String restoreUrl = start.getRestoreCheckpointUrl().isBlank() ? url : start.getRestoreCheckpointUrl();
        ObjectStore from = restoreUrl.equals(url) ? store : storage.open(restoreUrl);
        if (from != store) {
            synchronized (this) {
                restoreStore = from;
            }
        }
        LOG.info("Worker {} restores checkpoint {} of job {} from {}", config.workerId(), restore, restoreJob, restoreUrl);
        return new Checkpoints(config.jobId(), store, pool, checkpointListener, restore, restoreJob, from);
    }

    private Execution.Placement placement(List<TaskAssignment> assignments) {
        if (assignments.isEmpty()) {
            // no assignment at all: a single-worker run
            return Execution.Placement.all(config.workerId());
        }
        Map<String, String> byKey = new HashMap<>();
        for (TaskAssignment a : assignments) {
            byKey.put(a.getOperatorId() + "#" + a.getSubtask(), a.getWorkerId());
        }
        return (op, i) -> byKey.get(op + "#" + i);
    }

    /** The data address of every worker of the run, by worker id. */
    private static Map<String, String> dataAddresses(List<TaskAssignment> assignments) {
        Map<String, String> byWorker = new HashMap<>();
        for (TaskAssignment a : assignments) {
            byWorker.put(a.getWorkerId(), a.getWorkerDataAddress());
        }
        return byWorker;
    }

    private void stopTasks(boolean graceful) {
        Execution e;
        synchronized (this) {
            if (!graceful) {
                ending = true;
            }
            e = execution;
            if (e == null) {
                ending = true;
            }
        }
        if (e != null) {
            e.stop(graceful);
        } else {
            finish();
        }
    }

    private void controllerGone() {
        synchronized (sendLock) {
            streamClosed = true;
        }
        stopTasks(false);
    }

    /** All subtasks ended (or none will run): close the session and end. */
    private void finish() {
        synchronized (this) {
            ending = true;
        }
        // the final figures (and bad records) before the session ends
        reportMetrics();
        boolean completeStream;
        synchronized (sendLock) {
            completeStream = !streamClosed && requests != null;
            streamClosed = true;
            if (completeStream) {
                try {
                    requests.onCompleted();
                } catch (RuntimeException ex) {
                    LOG.debug("Worker {}: completing the session failed", config.workerId(), ex);
                }
            }
        }
        if (completeStream) {
            try {
                // let the controller see our updates and close its side before the channel goes
                controllerClosed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        closePushgateway();
        if (droppedOutputRows.get() > 0) {
            LOG.info("Worker {} dropped {} preview rows the controller could not take in time", config.workerId(),
                    droppedOutputRows.get());
        }
        shutdown();
        LOG.info("Worker {} is done", config.workerId());
    }

    private void shutdown() {
        control.shutdown();
        ExecutorService pool;
        ObjectStore store;
        ObjectStore from;
        synchronized (this) {
            pool = uploader;
            store = checkpointStore;
            from = restoreStore;
            uploader = null;
            checkpointStore = null;
            restoreStore = null;
        }
        if (pool != null) {
            // states still being stored belong to checkpoints that can no longer complete
            pool.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
        if (from != null) {
            from.close();
        }
        if (dataServer != null) {
            dataServer.close();
        }
        if (channel != null) {
            channel.shutdownNow();
            try {
                // the transport's threads must be idle before a worker process stops its framework
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        done.complete(null);
    }

    // ---- sending (any thread) ------------------------------------------------------------------

    private final ExecutionListener listener = new ExecutionListener() {
        @Override
        public void running(String operatorId, int subtask) {
            sendUpdate(operatorId, subtask, TaskState.TASK_RUNNING, "", "");
            if (runningSubtasks.incrementAndGet() == localSubtasks) {
                LOG.info("Worker {}: its {} subtasks run, {} ms after the plan arrived", config.workerId(), localSubtasks,
                        (System.nanoTime() - startedNanos) / 1_000_000);
            }
        }

        @Override
        public void finished(String operatorId, int subtask) {
            sendUpdate(operatorId, subtask, TaskState.TASK_FINISHED, "", "");
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            sendUpdate(operatorId, subtask, TaskState.TASK_FAILED, error, domain);
        }

        @Override
        public void warning(String operatorId, int subtask, String message) {
            send(WorkerMessage.newBuilder().setLog(WorkerLog.newBuilder()
                    .setLevel(LogLevel.LOG_WARN)
                    .setOperatorId(operatorId == null ? "" : operatorId)
                    .setSubtask(subtask)
                    .setMessage(message)
                    .setTimeMicros(System.currentTimeMillis() * 1000)).build());
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
            synchronized (sendLock) {
                // preview rows must never hold the pipeline up: drop what the stream cannot take now
                if (streamClosed || requests == null || !requests.isReady()) {
                    droppedOutputRows.addAndGet(jsonRows.size());
                    return;
                }
            }
            send(WorkerMessage.newBuilder().setOutput(OutputRows.newBuilder()
                    .setOperatorId(operatorId).setSubtask(subtask).addAllRows(jsonRows)).build());
        }
    };

    private final CheckpointListener checkpointListener = new CheckpointListener() {
        @Override
        public void completed(long epoch, String operatorId, int subtask, long bytes, long startMicros,
                long finishMicros) {
            metrics.checkpointed(operatorId, subtask, bytes, startMicros, finishMicros);
            send(WorkerMessage.newBuilder().setCheckpointCompleted(CheckpointCompleted.newBuilder()
                    .setEpoch(epoch).setOperatorId(operatorId).setSubtask(subtask).setBytes(bytes)
                    .setStartTimeMicros(startMicros).setFinishTimeMicros(finishMicros)).build());
        }

        @Override
        public void failed(long epoch, String operatorId, int subtask, String error) {
            send(WorkerMessage.newBuilder().setCheckpointFailed(CheckpointFailed.newBuilder()
                    .setEpoch(epoch).setOperatorId(operatorId).setSubtask(subtask)
                    .setError(error == null ? "" : error)).build());
        }
    };

    private void sendUpdate(String operatorId, int subtask, TaskState state, String error, String domain) {
        // the warnings logged so far go first: a task's end may end the job, and its worker with it
        sendLogLines(System.currentTimeMillis() * 1000);
        send(WorkerMessage.newBuilder().setTask(TaskUpdate.newBuilder()
                .setOperatorId(operatorId)
                .setSubtask(subtask)
                .setState(state)
                .setError(error == null ? "" : error)
                .setErrorDomain(domain == null ? "" : domain)).build());
    }

    // ---- metrics and warnings ------------------------------------------------------------------

    /**
     * Sends the subtasks' metrics to the controller, and the records they dropped as bad input to
     * the job's errors; pushes the metrics to the Pushgateway when there is one (control thread).
     */
    private void reportMetrics() {
        if (currentExecution() == null) {
            return;
        }
        long nowMicros = System.currentTimeMillis() * 1000;
        MetricsReport report;
        try {
            report = metrics.report(System.nanoTime(), nowMicros);
            send(WorkerMessage.newBuilder().setMetrics(report).build());
            for (WorkerLog log : metrics.badData(nowMicros)) {
                send(WorkerMessage.newBuilder().setLog(log).build());
            }
            sendLogLines(nowMicros);
        } catch (RuntimeException e) {
            LOG.debug("Worker {}: reporting its metrics failed", config.workerId(), e);
            return;
        }
        if (pushgateway != null) {
            pushgateway.pushAsync(MetricsReporter.prometheusText(config.jobId(), report),
                    why -> LOG.debug("Worker {}: {}", config.workerId(), why));
        }
    }

    private void openPushgateway(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            pushgateway = new Pushgateway(url, config.jobId(), config.workerId());
            LOG.info("Worker {} pushes its metrics to {}", config.workerId(), pushgateway.group());
        } catch (IllegalArgumentException e) {
            LOG.warn("Worker {} does not push its metrics: {}", config.workerId(), e.getMessage());
            warn("metrics are not pushed: " + e.getMessage());
        }
    }

    /** At the end: the worker's group leaves the Pushgateway, so that its series do not linger. */
    private void closePushgateway() {
        Pushgateway p = pushgateway;
        pushgateway = null;
        if (p == null) {
            return;
        }
        try {
            p.delete();
        } catch (IOException e) {
            LOG.debug("Worker {}: {}", config.workerId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where this process catches the warnings its connectors and their libraries log (the worker
     * launcher's standard error; null in the server): they go to the job's errors with the metrics.
     */
    Worker reportingLogLines(Supplier<String> lines) {
        this.logLines = lines;
        return this;
    }

    /**
     * The caught log lines, {@code LEVEL logger - message}, at most a report's worth (any thread:
     * with each metrics report, and before each task update).
     */
    private void sendLogLines(long nowMicros) {
        Supplier<String> lines = logLines;
        if (lines == null) {
            return;
        }
        for (int i = 0; i < MAX_LOG_LINES_PER_REPORT; i++) {
            String line = lines.get();
            if (line == null) {
                return;
            }
            boolean error = line.startsWith("ERROR ");
            send(WorkerMessage.newBuilder().setLog(WorkerLog.newBuilder()
                    .setLevel(error ? LogLevel.LOG_ERROR : LogLevel.LOG_WARN)
                    .setMessage("worker " + config.workerId() + ": " + line.substring(line.indexOf(' ') + 1))
                    .setTimeMicros(nowMicros)).build());
        }
    }

    /** A warning of the worker as a whole for the job's errors (besides its log). */
    private void warn(String message) {
        send(WorkerMessage.newBuilder().setLog(WorkerLog.newBuilder()
                .setLevel(LogLevel.LOG_WARN)
                .setMessage("worker " + config.workerId() + ": " + message)
                .setTimeMicros(System.currentTimeMillis() * 1000)).build());
    }

    /** gRPC stream observers are not thread-safe: every message goes through here, one at a time. */
    private void send(WorkerMessage message) {
        synchronized (sendLock) {
            if (streamClosed || requests == null) {
                return;
            }
            try {
                requests.onNext(message);
            } catch (RuntimeException e) {
                LOG.debug("Worker {}: sending failed", config.workerId(), e);
            }
        }
    }

    /** Runs on the control thread, unless the worker has already ended. */
    private void onControl(Runnable r) {
        try {
            control.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("Worker {} has ended; ignoring a late event", config.workerId());
        }
    }
}
