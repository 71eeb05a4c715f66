package org.wadi.worker.internal;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.Heartbeat;
import org.wadi.rpc.OutputRows;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.StopMode;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.ConnectorLookup;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * One worker: the worker side of the controller protocol. It opens a {@code WorkerSession},
 * registers, builds and runs the subtasks the controller assigns to it, reports on them, and when
 * they have all ended completes the stream and is {@link #done()}. If the controller's stream ends
 * or breaks, it stops its tasks at once — a worker never outlives its controller session.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long HEARTBEAT_SECONDS = 5;

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
    private final ExprCompiler compiler = new ExprCompiler();
    private final ScheduledExecutorService control;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CountDownLatch controllerClosed = new CountDownLatch(1);
    private final Object sendLock = new Object();
    private final AtomicLong droppedOutputRows = new AtomicLong();

    private ManagedChannel channel;
    private ClientCallStreamObserver<WorkerMessage> requests;
    // guarded by this
    private Execution execution;
    private boolean started;
    private boolean ending;
    // guarded by sendLock
    private boolean streamClosed;

    public Worker(Config config, ConnectorLookup connectors, FileAccess files, RuntimeOptions options) {
        this.config = config;
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

    /** Connects to the controller and registers; returns at once. */
    public void start() {
        channel = Rpc.channel(config.controllerAddress());
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
                .setDataAddress("")
                .setPid(ProcessHandle.current().pid())).build());
        control.scheduleAtFixedRate(() -> send(WorkerMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setTimeMicros(System.currentTimeMillis() * 1000)).build()),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        LOG.info("Worker {} of job {} run {} registering with {}", config.workerId(), config.jobId(), config.runId(),
                config.controllerAddress());
    }

    /** Completes when the worker has ended: its subtasks ended and its session closed. */
    public CompletableFuture<Void> done() {
        return done;
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
        if (e != null) {
            e.stop(false);
        }
        synchronized (sendLock) {
            if (!streamClosed && requests != null) {
                streamClosed = true;
                requests.cancel("worker closed", null);
            }
        }
        shutdown();
    }

    // ---- controller messages (on the control thread) -------------------------------------------

    private void handle(ControllerMessage message) {
        switch (message.getMsgCase()) {
            case START -> startExecution(message.getStart());
            case STOP -> stopTasks(message.getStop().getMode() == StopMode.STOP_GRACEFUL);
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
        DataflowPlan plan;
        try {
            plan = PlanCodec.fromJson(start.getPlanJson());
        } catch (IllegalArgumentException e) {
            sendUpdate("", 0, TaskState.TASK_FAILED, e.getMessage(), "internal");
            finish();
            return;
        }
        Execution.Placement placement = placement(start.getAssignmentsList());
        List<Execution.SubtaskRef> local = Execution.localSubtasks(plan, config.workerId(), placement);
        Execution e;
        try {
            e = Execution.build(config.jobId(), plan, config.workerId(), placement, connectors, files, compiler,
                    options, listener);
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
        LOG.info("Worker {} runs {} subtasks in {} tasks", config.workerId(), local.size(), e.taskCount());
        e.done().whenComplete((v, t) -> onControl(this::finish));
        e.start();
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
        if (droppedOutputRows.get() > 0) {
            LOG.info("Worker {} dropped {} preview rows the controller could not take in time", config.workerId(),
                    droppedOutputRows.get());
        }
        shutdown();
        LOG.info("Worker {} is done", config.workerId());
    }

    private void shutdown() {
        control.shutdown();
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

    private void sendUpdate(String operatorId, int subtask, TaskState state, String error, String domain) {
        send(WorkerMessage.newBuilder().setTask(TaskUpdate.newBuilder()
                .setOperatorId(operatorId)
                .setSubtask(subtask)
                .setState(state)
                .setError(error == null ? "" : error)
                .setErrorDomain(domain == null ? "" : domain)).build());
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
