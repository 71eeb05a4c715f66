package org.wadi.controller.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wadi.rpc.CheckpointCompleted;
import org.wadi.rpc.CheckpointFailed;
import org.wadi.rpc.CommitCheckpoint;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.StopExecution;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.TriggerCheckpoint;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SourceOperator;

/**
 * One run of a job as its workers report it: who registered, which subtask runs where, and what
 * each subtask last reported. Written by gRPC threads, read by the reconciliation loop; every
 * method holds this object's lock, and each change calls {@code onChange} so the loop reacts at once.
 */
public final class Run {

    /** A subtask of an operator. */
    public record TaskKey(String operatorId, int subtask) {
        @Override
        public String toString() {
            return operatorId + "[" + subtask + "]";
        }
    }

    /** What a subtask last reported. */
    public record TaskStatus(TaskState state, String workerId, String error, String errorDomain) {
        boolean ended() {
            return state == TaskState.TASK_FINISHED || state == TaskState.TASK_FAILED;
        }
    }

    /** A failed subtask. */
    public record TaskFailure(TaskKey task, String workerId, String error, String domain) {
    }

    /** A worker whose session ended while it still had work. */
    public record LostWorker(String workerId, String detail) {
    }

    /**
     * What the subtasks reported for one checkpoint so far.
     *
     * @param epoch the checkpoint
     * @param tasks how many subtasks the run has (each must report)
     * @param completed the reports of the subtasks that stored their state
     * @param failure the first failure reported, or null
     */
    public record CheckpointReport(long epoch, int tasks, Map<TaskKey, CheckpointCompleted> completed, String failure) {
        public boolean complete() {
            return failure == null && completed.size() == tasks;
        }
    }

    private final String jobId;
    private final long runId;
    private final int expectedWorkers;
    private final int slots;
    private final Clock clock;
    private final Runnable onChange;

    private final Map<String, WorkerSession> sessions = new LinkedHashMap<>();
    private final Set<String> endedSessions = new HashSet<>();
    private final Map<TaskKey, String> assignment = new LinkedHashMap<>();
    private final Map<TaskKey, TaskStatus> tasks = new LinkedHashMap<>();
    private final Set<TaskKey> sourceTasks = new HashSet<>();
    private TaskFailure failure;
    private LostWorker lost;
    private Instant sourcesEndedAt;
    /** Checkpoints triggered and not yet forgotten: their reports, and the first failure. */
    private final Map<Long, Map<TaskKey, CheckpointCompleted>> checkpointReports = new LinkedHashMap<>();
    private final Map<Long, String> checkpointFailures = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    public Run(String jobId, long runId, int expectedWorkers, int slots, Clock clock, Runnable onChange) {
        this.jobId = jobId;
        this.runId = runId;
        this.expectedWorkers = expectedWorkers;
        this.slots = slots;
        this.clock = clock;
        this.onChange = onChange;
    }

    public String jobId() {
        return jobId;
    }

    public long runId() {
        return runId;
    }

    public int expectedWorkers() {
        return expectedWorkers;
    }

    /** Accepts a worker's registration; returns why it is refused, or null. */
    public String register(WorkerSession s) {
        synchronized (this) {
            if (closed || started) {
                return "run " + runId + " of job " + jobId + " takes no more workers";
            }
            if (sessions.containsKey(s.workerId())) {
                return "worker " + s.workerId() + " is already registered with job " + jobId;
            }
            if (sessions.size() >= expectedWorkers) {
                return "run " + runId + " of job " + jobId + " already has its " + expectedWorkers + " workers";
            }
            sessions.put(s.workerId(), s);
        }
        onChange.run();
        return null;
    }

    public synchronized int registered() {
        return sessions.size();
    }

    public synchronized boolean allRegistered() {
        return sessions.size() == expectedWorkers;
    }

    public synchronized boolean started() {
        return started;
    }

    /**
     * Assigns subtask {@code i} of every operator to the {@code floor(i / slots)}-th worker in order
     * of registration and sends every worker the plan with the whole assignment.
     */
    public void start(DataflowPlan plan, String planJson) {
        start(plan, planJson, "", -1);
    }

    /**
     * Starts as {@link #start(DataflowPlan, String)} does, telling the workers where checkpoints
     * go and, when {@code restoreEpoch} is not negative, which checkpoint to restore from.
     */
    public void start(DataflowPlan plan, String planJson, String checkpointUrl, long restoreEpoch) {
        start(plan, planJson, checkpointUrl, RestorePoint.own(restoreEpoch));
    }

    /**
     * Starts as {@link #start(DataflowPlan, String)} does, telling the workers where checkpoints
     * go and which checkpoint to restore, the job's own or another job's.
     */
    public void start(DataflowPlan plan, String planJson, String checkpointUrl, RestorePoint restore) {
        start(plan, planJson, checkpointUrl, restore, "");
    }

    /**
     * Starts as {@link #start(DataflowPlan, String, String, RestorePoint)} does, telling the
     * workers the Prometheus Pushgateway to push their metrics to ({@code ""}: none from here; a
     * worker then looks at its own {@code WADI_PUSHGATEWAY_URL}).
     */
    public void start(DataflowPlan plan, String planJson, String checkpointUrl, RestorePoint restore,
            String pushgatewayUrl) {
        synchronized (this) {
            if (started || closed) {
                return;
            }
            List<WorkerSession> workers = new ArrayList<>(sessions.values());
            StartExecution.Builder start = StartExecution.newBuilder().setPlanJson(planJson)
                    .setCheckpointUrl(checkpointUrl == null ? "" : checkpointUrl)
                    .setPushgatewayUrl(pushgatewayUrl == null ? "" : pushgatewayUrl);
            if (!restore.none()) {
                start.setRestoreEpoch(restore.epoch());
                if (restore.foreign()) {
                    start.setRestoreJobId(restore.jobId());
                    start.setRestoreCheckpointUrl(restore.storageUrl() == null ? "" : restore.storageUrl());
                }
            }
            for (PlanNode node : plan.nodes()) {
                for (int i = 0; i < node.parallelism(); i++) {
                    WorkerSession w = workers.get(Math.min(i / slots, workers.size() - 1));
                    TaskKey key = new TaskKey(node.id(), i);
                    assignment.put(key, w.workerId());
                    tasks.put(key, new TaskStatus(TaskState.TASK_STATE_UNSPECIFIED, w.workerId(), "", ""));
                    if (node.operator() instanceof SourceOperator) {
                        sourceTasks.add(key);
                    }
                    start.addAssignments(TaskAssignment.newBuilder()
                            .setOperatorId(node.id())
                            .setSubtask(i)
                            .setWorkerId(w.workerId())
                            .setWorkerDataAddress(w.dataAddress()));
                }
            }
            started = true;
            ControllerMessage message = ControllerMessage.newBuilder().setStart(start).build();
            for (WorkerSession w : workers) {
                if (!endedSessions.contains(w.workerId())) {
                    w.send(message);
                }
            }
        }
        onChange.run();
    }

    /** Records a subtask's report. */
    public void taskUpdate(String workerId, TaskUpdate u) {
        synchronized (this) {
            TaskKey key = new TaskKey(u.getOperatorId(), u.getSubtask());
            String owner = assignment.get(key);
            if (owner == null || !owner.equals(workerId)) {
                throw new IllegalArgumentException("worker " + workerId + " reported on task " + key
                        + ", which is not assigned to it");
            }
            TaskStatus previous = tasks.get(key);
            if (previous != null && previous.ended()) {
                return; // an ended task stays ended
            }
            String domain = u.getErrorDomain().isBlank() ? "internal" : u.getErrorDomain();
            tasks.put(key, new TaskStatus(u.getState(), workerId, u.getError(), domain));
            if (u.getState() == TaskState.TASK_FAILED && failure == null) {
                failure = new TaskFailure(key, workerId, u.getError().isBlank() ? "no error message" : u.getError(),
                        domain.equals("user") ? "user" : "internal");
            }
            if (sourcesEndedAt == null && !sourceTasks.isEmpty()
                    && sourceTasks.stream().allMatch(k -> tasks.get(k).ended())) {
                sourcesEndedAt = clock.instant();
            }
        }
        onChange.run();
    }

    /** Whether subtask {@code subtask} of {@code operatorId} is assigned to {@code workerId}. */
    public synchronized boolean assignedTo(String workerId, String operatorId, int subtask) {
        return workerId.equals(assignment.get(new TaskKey(operatorId, subtask)));
    }

    /** Whether the subtask has finished or failed (an ended task stays ended). */
    public synchronized boolean taskEnded(String operatorId, int subtask) {
        TaskStatus s = tasks.get(new TaskKey(operatorId, subtask));
        return s != null && s.ended();
    }

    /** Sends {@code TriggerCheckpoint} to every worker and starts collecting the checkpoint's reports. */
    public synchronized void triggerCheckpoint(long epoch, boolean thenStop, long timestampMicros) {
        checkpointReports.put(epoch, new LinkedHashMap<>());
        ControllerMessage m = ControllerMessage.newBuilder().setTriggerCheckpoint(TriggerCheckpoint.newBuilder()
                .setEpoch(epoch).setThenStop(thenStop).setTimestampMicros(timestampMicros)).build();
        for (WorkerSession s : sessions.values()) {
            if (!endedSessions.contains(s.workerId())) {
                s.send(m);
            }
        }
    }

    /** Records that a subtask stored its state for a checkpoint. */
    public void checkpointCompleted(String workerId, CheckpointCompleted c) {
        synchronized (this) {
            TaskKey key = owned(workerId, c.getOperatorId(), c.getSubtask());
            Map<TaskKey, CheckpointCompleted> reports = checkpointReports.get(c.getEpoch());
            if (reports == null) {
                return; // a checkpoint already completed, failed or never triggered in this run
            }
            reports.put(key, c);
        }
        onChange.run();
    }

    /** Records that a subtask could not store its state: the checkpoint fails. */
    public void checkpointFailed(String workerId, CheckpointFailed f) {
        synchronized (this) {
            TaskKey key = owned(workerId, f.getOperatorId(), f.getSubtask());
            if (!checkpointReports.containsKey(f.getEpoch())) {
                return;
            }
            checkpointFailures.putIfAbsent(f.getEpoch(), key + " on worker " + workerId + ": "
                    + (f.getError().isBlank() ? "no error message" : f.getError()));
        }
        onChange.run();
    }

    private TaskKey owned(String workerId, String operatorId, int subtask) {
        TaskKey key = new TaskKey(operatorId, subtask);
        String owner = assignment.get(key);
        if (owner == null || !owner.equals(workerId)) {
            throw new IllegalArgumentException("worker " + workerId + " reported a checkpoint of task " + key
                    + ", which is not assigned to it");
        }
        return key;
    }

    /** What was reported for checkpoint {@code epoch} so far, if it is being collected. */
    public synchronized Optional<CheckpointReport> checkpoint(long epoch) {
        Map<TaskKey, CheckpointCompleted> reports = checkpointReports.get(epoch);
        if (reports == null) {
            return Optional.empty();
        }
        return Optional.of(new CheckpointReport(epoch, tasks.size(), Map.copyOf(reports), checkpointFailures.get(epoch)));
    }

    /** Stops collecting reports for a checkpoint that completed or failed. */
    public synchronized void forgetCheckpoint(long epoch) {
        checkpointReports.remove(epoch);
        checkpointFailures.remove(epoch);
    }

    /** Sends {@code CommitCheckpoint}: the sinks publish what they pre-committed up to {@code epoch}. */
    public synchronized void commitCheckpoint(long epoch) {
        ControllerMessage m = ControllerMessage.newBuilder()
                .setCommitCheckpoint(CommitCheckpoint.newBuilder().setEpoch(epoch)).build();
        for (WorkerSession s : sessions.values()) {
            if (!endedSessions.contains(s.workerId())) {
                s.send(m);
            }
        }
    }

    /** Records that a worker's session is over; a worker that still had work is lost. */
    public void sessionEnded(String workerId, String detail) {
        synchronized (this) {
            WorkerSession s = sessions.get(workerId);
            if (s == null || !endedSessions.add(workerId)) {
                return;
            }
            if (!closed && lost == null && hasUnendedWork(workerId)) {
                lost = new LostWorker(workerId, detail);
            }
        }
        onChange.run();
    }

    private boolean hasUnendedWork(String workerId) {
        if (!started) {
            return true;
        }
        for (Map.Entry<TaskKey, String> e : assignment.entrySet()) {
            if (e.getValue().equals(workerId) && !tasks.get(e.getKey()).ended()) {
                return true;
            }
        }
        return false;
    }

    public synchronized int taskCount() {
        return tasks.size();
    }

    /** Whether every subtask has started (it may have finished already). */
    public synchronized boolean allTasksStarted() {
        return started && tasks.values().stream().allMatch(t -> t.state() != TaskState.TASK_STATE_UNSPECIFIED);
    }

    public synchronized long tasksIn(TaskState state) {
        return tasks.values().stream().filter(t -> t.state() == state).count();
    }

    public synchronized boolean anyFinished() {
        return tasks.values().stream().anyMatch(t -> t.state() == TaskState.TASK_FINISHED);
    }

    public synchronized boolean allTasksEnded() {
        return started && tasks.values().stream().allMatch(TaskStatus::ended);
    }

    /** Whether every worker that registered has ended its session. */
    public synchronized boolean allSessionsEnded() {
        return endedSessions.size() == sessions.size();
    }

    /** When the last source subtask ended, or null while one still runs. */
    public synchronized Instant sourcesEndedAt() {
        return sourcesEndedAt;
    }

    public synchronized Optional<TaskFailure> failure() {
        return Optional.ofNullable(failure);
    }

    public synchronized Optional<LostWorker> lost() {
        return Optional.ofNullable(lost);
    }

    public synchronized Set<String> workerIds() {
        return Set.copyOf(sessions.keySet());
    }

    /** Sends a stop request to every worker still connected. */
    public synchronized void stop(org.wadi.rpc.StopMode mode) {
        ControllerMessage m = ControllerMessage.newBuilder()
                .setStop(StopExecution.newBuilder().setMode(mode))
                .build();
        for (WorkerSession s : sessions.values()) {
            if (!endedSessions.contains(s.workerId())) {
                s.send(m);
            }
        }
    }

    /**
     * Refuses further registrations and stops counting ended sessions as lost workers: the run is
     * being wound down.
     */
    public synchronized void close() {
        closed = true;
    }

    /** Ends the controller's side of every session; workers then stop at once and exit. */
    public synchronized void disconnectAll() {
        closed = true;
        sessions.values().forEach(WorkerSession::complete);
    }

    public synchronized boolean closed() {
        return closed;
    }
}
