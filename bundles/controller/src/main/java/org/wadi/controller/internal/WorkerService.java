package org.wadi.controller.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.TaskState;
import org.wadi.rpc.TaskUpdate;
import org.wadi.rpc.WorkerLog;
import org.wadi.rpc.WorkerMessage;
import org.wadi.store.JobLogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC {@code Controller} service: one {@code WorkerSession} stream per worker. The first
 * message must register the worker with the current run of its job; task reports then go to that
 * run, preview rows to the {@link OutputHub}, task failures and what workers log at warn and above
 * to the job's errors list. The stream ending or breaking is how a dead worker is noticed.
 */
public final class WorkerService extends ControllerGrpc.ControllerImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    private final RunRegistry runs;
    private final OutputHub outputs;
    private final JobLogRecorder jobLog;
    private final ControllerMetrics metrics;

    public WorkerService(RunRegistry runs, OutputHub outputs, JobLogRecorder jobLog, ControllerMetrics metrics) {
        this.runs = runs;
        this.outputs = outputs;
        this.jobLog = jobLog;
        this.metrics = metrics;
    }

    @Override
    public StreamObserver<WorkerMessage> workerSession(StreamObserver<ControllerMessage> out) {
        return new Session(out);
    }

    /** The level of a worker's message; one without a level counts as a warning. */
    static JobLogLevel level(WorkerLog l) {
        return switch (l.getLevel()) {
            case LOG_INFO -> JobLogLevel.INFO;
            case LOG_ERROR -> JobLogLevel.ERROR;
            default -> JobLogLevel.WARN;
        };
    }

    /** One worker's stream; gRPC calls it serially. */
    private final class Session implements StreamObserver<WorkerMessage> {
        private final StreamObserver<ControllerMessage> out;
        private WorkerSession session;
        private Run run;
        private boolean refused;

        Session(StreamObserver<ControllerMessage> out) {
            this.out = out;
        }

        @Override
        public void onNext(WorkerMessage m) {
            if (refused) {
                return;
            }
            if (session == null) {
                if (m.getMsgCase() != WorkerMessage.MsgCase.REGISTER) {
                    refuse(Status.FAILED_PRECONDITION.withDescription(
                            "a worker must send RegisterWorker first, got " + m.getMsgCase()));
                    return;
                }
                register(m.getRegister());
                return;
            }
            switch (m.getMsgCase()) {
                case TASK -> {
                    TaskUpdate u = m.getTask();
                    // recorded before the run hears of it, so that it precedes the restart it causes;
                    // not once the run is being wound down: failures then are the stop's doing
                    if (u.getState() == TaskState.TASK_FAILED && !run.closed()
                            && run.assignedTo(session.workerId(), u.getOperatorId(), u.getSubtask())
                            && !run.taskEnded(u.getOperatorId(), u.getSubtask())) {
                        recordFailure(u);
                    }
                    try {
                        run.taskUpdate(session.workerId(), u);
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Ignoring a task report: {}", e.getMessage());
                    }
                }
                case LOG -> recordLog(m.getLog());
                case METRICS -> metrics.operators().record(session.jobId(), m.getMetrics());
                case OUTPUT -> outputs.publish(session.jobId(), m.getOutput().getOperatorId(),
                        m.getOutput().getSubtask(), m.getOutput().getRowsList());
                case CHECKPOINT_COMPLETED -> {
                    try {
                        run.checkpointCompleted(session.workerId(), m.getCheckpointCompleted());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Ignoring a checkpoint report: {}", e.getMessage());
                    }
                }
                case CHECKPOINT_FAILED -> {
                    try {
                        run.checkpointFailed(session.workerId(), m.getCheckpointFailed());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Ignoring a checkpoint report: {}", e.getMessage());
                    }
                }
                case HEARTBEAT -> LOG.trace("Heartbeat from worker {}", session.workerId());
                case REGISTER -> LOG.warn("Worker {} registered twice; ignored", session.workerId());
                default -> LOG.debug("Ignoring an empty message from worker {}", session.workerId());
            }
        }

        private void recordFailure(TaskUpdate u) {
            String domain = "user".equals(u.getErrorDomain()) ? "user" : "internal";
            String reported = "Reported by worker " + session.workerId() + " (run " + session.runId() + ") as "
                    + (domain.equals("user") ? "an error of the pipeline" : "an internal error") + ".";
            jobLog.record(session.jobId(), session.runId(), JobLogLevel.ERROR, u.getOperatorId(), u.getSubtask(),
                    u.getError().isBlank() ? "task failed without an error message" : u.getError(),
                    u.getErrorDetails().isBlank() ? reported : reported + "\n\n" + u.getErrorDetails());
        }

        private void recordLog(WorkerLog l) {
            String operator = l.getOperatorId().isBlank() ? null : l.getOperatorId();
            if (operator != null && !run.assignedTo(session.workerId(), operator, l.getSubtask())) {
                LOG.warn("Ignoring a log report of worker {} on task {}[{}], which is not assigned to it",
                        session.workerId(), operator, l.getSubtask());
                return;
            }
            if (l.getDroppedRecords() > 0) {
                metrics.badRecordsDropped(l.getDroppedRecords());
            }
            String message = l.getMessage().isBlank()
                    ? (l.getDroppedRecords() > 0 ? "dropped " + l.getDroppedRecords() + " bad records" : "(no message)")
                    : l.getMessage();
            Instant at = l.getTimeMicros() > 0
                    ? Instant.ofEpochSecond(l.getTimeMicros() / 1_000_000L, (l.getTimeMicros() % 1_000_000L) * 1_000L)
                    : null;
            jobLog.recordFromWorker(session.jobId(), session.runId(), level(l), operator,
                    operator == null ? null : l.getSubtask(), message, l.getDetails(), at);
        }

        private void register(RegisterWorker r) {
            WorkerSession s = new WorkerSession(r.getWorkerId(), r.getJobId(), r.getRunId(), r.getSlots(),
                    r.getDataAddress(), r.getPid(), out);
            Run current = runs.get(r.getJobId()).orElse(null);
            String refusal;
            if (r.getWorkerId().isBlank()) {
                refusal = "a worker must register with its worker_id";
            } else if (current == null) {
                refusal = "job " + r.getJobId() + " is not waiting for workers";
            } else if (current.runId() != r.getRunId()) {
                refusal = "worker " + r.getWorkerId() + " belongs to run " + r.getRunId() + " of job " + r.getJobId()
                        + ", but the current run is " + current.runId();
            } else {
                refusal = current.register(s);
            }
            if (refusal != null) {
                LOG.warn("Refused worker {}: {}", r.getWorkerId(), refusal);
                refuse(Status.FAILED_PRECONDITION.withDescription(refusal));
                return;
            }
            session = s;
            run = current;
            LOG.info("Worker {} of job {} run {} registered (pid {}, {} slots)", s.workerId(), s.jobId(), s.runId(),
                    s.pid(), s.slots());
        }

        private void refuse(Status status) {
            refused = true;
            try {
                out.onError(status.asRuntimeException());
            } catch (RuntimeException e) {
                LOG.debug("Could not refuse a worker: {}", e.toString());
            }
        }

        /** The run's series go with it (its job ended, stopped or restarts with new subtasks). */
        private void forgetMetricsOfEndedRun() {
            if (run.closed()) {
                metrics.operators().forget(session.jobId());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (session != null) {
                Status s = Status.fromThrowable(t);
                LOG.info("The session of worker {} of job {} broke: {}", session.workerId(), session.jobId(), s);
                session.markClosed();
                run.sessionEnded(session.workerId(), "its connection broke (" + s.getCode() + ")");
                forgetMetricsOfEndedRun();
            }
        }

        @Override
        public void onCompleted() {
            if (session != null) {
                LOG.debug("Worker {} of job {} ended its session", session.workerId(), session.jobId());
                run.sessionEnded(session.workerId(), "it ended its session before its tasks ended");
                session.complete();
                forgetMetricsOfEndedRun();
            } else if (!refused) {
                try {
                    out.onCompleted();
                } catch (RuntimeException e) {
                    LOG.debug("Could not complete an unregistered session: {}", e.toString());
                }
            }
        }
    }
}
