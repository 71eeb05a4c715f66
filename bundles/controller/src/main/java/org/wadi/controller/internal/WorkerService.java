package org.wadi.controller.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.WorkerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC {@code Controller} service: one {@code WorkerSession} stream per worker. The first
 * message must register the worker with the current run of its job; task reports then go to that
 * run, preview rows to the {@link OutputHub}. The stream ending or breaking is how a dead worker is
 * noticed.
 */
public final class WorkerService extends ControllerGrpc.ControllerImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    private final RunRegistry runs;
    private final OutputHub outputs;

    public WorkerService(RunRegistry runs, OutputHub outputs) {
        this.runs = runs;
        this.outputs = outputs;
    }

    @Override
    public StreamObserver<WorkerMessage> workerSession(StreamObserver<ControllerMessage> out) {
        return new Session(out);
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
                    try {
                        run.taskUpdate(session.workerId(), m.getTask());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Ignoring a task report: {}", e.getMessage());
                    }
                }
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

        @Override
        public void onError(Throwable t) {
            if (session != null) {
                Status s = Status.fromThrowable(t);
                LOG.info("The session of worker {} of job {} broke: {}", session.workerId(), session.jobId(), s);
                session.markClosed();
                run.sessionEnded(session.workerId(), "its connection broke (" + s.getCode() + ")");
            }
        }

        @Override
        public void onCompleted() {
            if (session != null) {
                LOG.debug("Worker {} of job {} ended its session", session.workerId(), session.jobId());
                run.sessionEnded(session.workerId(), "it ended its session before its tasks ended");
                session.complete();
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
