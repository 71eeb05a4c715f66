package org.wadi.controller.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.wadi.rpc.ControllerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's end of one worker's gRPC session. gRPC stream observers are not thread-safe,
 * so every send goes through this object's lock.
 */
public final class WorkerSession {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerSession.class);

    private final String workerId;
    private final String jobId;
    private final long runId;
    private final int slots;
    private final String dataAddress;
    private final long pid;
    private final StreamObserver<ControllerMessage> out;
    private boolean closed;

    public WorkerSession(String workerId, String jobId, long runId, int slots, String dataAddress, long pid,
            StreamObserver<ControllerMessage> out) {
        this.workerId = workerId;
        this.jobId = jobId;
        this.runId = runId;
        this.slots = slots;
        this.dataAddress = dataAddress;
        this.pid = pid;
        this.out = out;
    }

    public String workerId() {
        return workerId;
    }

    public String jobId() {
        return jobId;
    }

    public long runId() {
        return runId;
    }

    public int slots() {
        return slots;
    }

    public String dataAddress() {
        return dataAddress;
    }

    public long pid() {
        return pid;
    }

    /** Sends a message unless the session is over; a worker that went away is noticed by its stream ending. */
    public synchronized void send(ControllerMessage message) {
        if (closed) {
            return;
        }
        try {
            out.onNext(message);
        } catch (RuntimeException e) {
            LOG.debug("Could not send to worker {} of job {}: {}", workerId, jobId, e.toString());
        }
    }

    /** Ends the controller's side of the stream; the worker then stops its tasks and exits. */
    public synchronized void complete() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.onCompleted();
        } catch (RuntimeException e) {
            LOG.debug("Could not close the session of worker {} of job {}: {}", workerId, jobId, e.toString());
        }
    }

    /** Ends the stream with an error the worker sees (for a registration the controller refuses). */
    public synchronized void reject(Status status) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            LOG.debug("Could not reject worker {}: {}", workerId, e.toString());
        }
    }

    /** Marks the session as over once the worker's side ended, so nothing more is sent. */
    synchronized void markClosed() {
        closed = true;
    }
}
