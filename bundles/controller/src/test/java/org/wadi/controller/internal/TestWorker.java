package org.wadi.controller.internal;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.wadi.rpc.CheckpointCompleted;
import org.wadi.rpc.CheckpointFailed;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.OutputRows;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.StartExecution;
import org.wadi.rpc.StopMode;
import org.wadi.rpc.TaskAssignment;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.TriggerCheckpoint;
import org.wadi.rpc.WorkerLog;
import org.wadi.rpc.WorkerMessage;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectStore;

/**
 * A worker that speaks the real protocol over a real gRPC channel but runs no operators: it reports
 * its assigned subtasks as running when told to start, and as finished when asked to stop, or when
 * the test says so. With a checkpoint store it takes part in checkpoints: on a trigger it stores a
 * small state object per subtask and reports it (or reports a failure for {@code failEpoch}), and
 * after committing a stop's final checkpoint it ends its subtasks.
 */
final class TestWorker {

    private final String workerId;
    private final String jobId;
    private final long runId;
    private final boolean honourStop;
    private final ManagedChannel channel;
    private final StreamObserver<WorkerMessage> toController;
    final CompletableFuture<StartExecution> started = new CompletableFuture<>();
    final CompletableFuture<StopMode> stopRequested = new CompletableFuture<>();
    /** Completes when the controller ended or broke the stream. */
    final CompletableFuture<String> disconnected = new CompletableFuture<>();
    final List<TaskAssignment> assigned = new CopyOnWriteArrayList<>();
    private boolean done;
    private final ObjectStore checkpointStore;
    private final long failEpoch;
    final List<TriggerCheckpoint> triggers = new CopyOnWriteArrayList<>();
    final List<Long> commits = new CopyOnWriteArrayList<>();

    TestWorker(String workerId, String jobId, long runId, String controllerAddress, int slots, boolean honourStop) {
        this(workerId, jobId, runId, controllerAddress, slots, honourStop, null, -1);
    }

    TestWorker(String workerId, String jobId, long runId, String controllerAddress, int slots, boolean honourStop,
            ObjectStore checkpointStore, long failEpoch) {
        this.checkpointStore = checkpointStore;
        this.failEpoch = failEpoch;
        this.workerId = workerId;
        this.jobId = jobId;
        this.runId = runId;
        this.honourStop = honourStop;
        this.channel = org.wadi.rpc.Rpc.channel(controllerAddress);
        this.toController = ControllerGrpc.newStub(channel).workerSession(new StreamObserver<>() {
            @Override
            public void onNext(ControllerMessage m) {
                if (m.hasStart()) {
                    onStart(m.getStart());
                } else if (m.hasStop()) {
                    onStop(m.getStop().getMode());
                } else if (m.hasTriggerCheckpoint()) {
                    onTrigger(m.getTriggerCheckpoint());
                } else if (m.hasCommitCheckpoint()) {
                    onCommit(m.getCommitCheckpoint().getEpoch());
                }
            }

            @Override
            public void onError(Throwable t) {
                disconnected.complete("error: " + t);
                channel.shutdownNow();
            }

            @Override
            public void onCompleted() {
                disconnected.complete("completed");
                finishSession();
                channel.shutdownNow();
            }
        });
        send(WorkerMessage.newBuilder().setRegister(RegisterWorker.newBuilder()
                .setWorkerId(workerId).setJobId(jobId).setRunId(runId).setSlots(slots).setPid(ProcessHandle.current().pid()))
                .build());
    }

    String workerId() {
        return workerId;
    }

    long runId() {
        return runId;
    }

    String jobId() {
        return jobId;
    }

    private void onStart(StartExecution start) {
        for (TaskAssignment a : start.getAssignmentsList()) {
            if (a.getWorkerId().equals(workerId)) {
                assigned.add(a);
                report(a.getOperatorId(), a.getSubtask(), TaskState.TASK_RUNNING, "", "");
            }
        }
        started.complete(start);
    }

    private void onTrigger(TriggerCheckpoint t) {
        triggers.add(t);
        if (checkpointStore == null) {
            return;
        }
        for (TaskAssignment a : assigned) {
            long epoch = t.getEpoch();
            if (epoch == failEpoch) {
                send(WorkerMessage.newBuilder().setCheckpointFailed(CheckpointFailed.newBuilder().setEpoch(epoch)
                        .setOperatorId(a.getOperatorId()).setSubtask(a.getSubtask()).setError("disk full")).build());
                continue;
            }
            byte[] state = (a.getOperatorId() + "@" + epoch).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                checkpointStore.put(CheckpointLayout.subtaskKey(jobId, epoch, a.getOperatorId(), a.getSubtask()), state);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long now = System.currentTimeMillis() * 1000;
            // sources have no barriers to align; the others report aligning for 5 µs
            send(WorkerMessage.newBuilder().setCheckpointCompleted(CheckpointCompleted.newBuilder().setEpoch(epoch)
                    .setOperatorId(a.getOperatorId()).setSubtask(a.getSubtask()).setBytes(state.length)
                    .setStartTimeMicros(now).setFinishTimeMicros(now + 1)
                    .setAlignmentStartTimeMicros(a.getOperatorId().startsWith("source") ? 0 : now - 5)).build());
        }
    }

    private void onCommit(long epoch) {
        commits.add(epoch);
        boolean finalOne = triggers.stream().anyMatch(t -> t.getEpoch() == epoch && t.getThenStop());
        if (finalOne) {
            finishAll(); // a stop's final checkpoint is committed: the tasks end
        }
    }

    private void onStop(StopMode mode) {
        stopRequested.complete(mode);
        if (honourStop) {
            finishAll();
        }
    }

    synchronized void report(String operatorId, int subtask, TaskState state, String error, String domain) {
        send(WorkerMessage.newBuilder().setTask(TaskUpdate.newBuilder().setOperatorId(operatorId).setSubtask(subtask)
                .setState(state).setError(error).setErrorDomain(domain)).build());
    }

    /** Reports every assigned subtask finished and ends the session, as a worker whose input ended. */
    synchronized void finishAll() {
        for (TaskAssignment a : assigned) {
            report(a.getOperatorId(), a.getSubtask(), TaskState.TASK_FINISHED, "", "");
        }
        finishSession();
    }

    synchronized void fail(String operatorId, int subtask, String error, String domain) {
        report(operatorId, subtask, TaskState.TASK_FAILED, error, domain);
    }

    synchronized void fail(String operatorId, int subtask, String error, String domain, String details) {
        send(WorkerMessage.newBuilder().setTask(TaskUpdate.newBuilder().setOperatorId(operatorId).setSubtask(subtask)
                .setState(TaskState.TASK_FAILED).setError(error).setErrorDomain(domain).setErrorDetails(details)).build());
    }

    /** Reports a problem that does not fail a task, as a worker's operators log one or drop bad records. */
    synchronized void log(WorkerLog log) {
        send(WorkerMessage.newBuilder().setLog(log).build());
    }

    synchronized void sendRows(String operatorId, int subtask, String... rows) {
        send(WorkerMessage.newBuilder().setOutput(OutputRows.newBuilder().setOperatorId(operatorId).setSubtask(subtask)
                .addAllRows(List.of(rows))).build());
    }

    /** The process died: the connection drops without a goodbye. */
    synchronized void crash() {
        done = true;
        channel.shutdownNow();
    }

    private synchronized void finishSession() {
        if (!done) {
            done = true;
            toController.onCompleted();
        }
    }

    private synchronized void send(WorkerMessage m) {
        if (!done) {
            toController.onNext(m);
        }
    }

    List<String> assignedTasks() {
        List<String> out = new ArrayList<>();
        assigned.forEach(a -> out.add(a.getOperatorId() + "[" + a.getSubtask() + "]"));
        return out;
    }
}
