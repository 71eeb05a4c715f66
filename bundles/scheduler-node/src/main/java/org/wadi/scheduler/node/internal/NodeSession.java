package org.wadi.scheduler.node.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wadi.rpc.node.ServerMessage;

/** One node's session: what it registered with, its workers, and the stream commands go out on. */
final class NodeSession {

    private final String id;
    private final String hostname;
    private final int slots;
    private final String version;
    private final StreamObserver<ServerMessage> out;
    /** Guarded by the scheduler's lock. */
    private final Map<String, NodeScheduler.Placed> workers = new LinkedHashMap<>();
    private volatile long lastSeenNanos = System.nanoTime();
    private boolean closed;

    NodeSession(String id, String hostname, int slots, String version, StreamObserver<ServerMessage> out) {
        this.id = id;
        this.hostname = hostname;
        this.slots = slots;
        this.version = version;
        this.out = out;
    }

    String id() {
        return id;
    }

    String hostname() {
        return hostname;
    }

    int slots() {
        return slots;
    }

    String version() {
        return version;
    }

    Map<String, NodeScheduler.Placed> workers() {
        return workers;
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    /** Sends a message; false if the session is closed or broken. */
    synchronized boolean send(ServerMessage message) {
        if (closed) {
            return false;
        }
        try {
            out.onNext(message);
            return true;
        } catch (RuntimeException e) {
            closed = true;
            return false;
        }
    }

    /** Ends the session from this side with {@code status}; nothing if it has ended. */
    synchronized void close(Status status) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.onError(status.asRuntimeException());
        } catch (RuntimeException e) {
            // the call is gone already
        }
    }

    /** The node ended the session: answers its end. */
    synchronized void completed() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.onCompleted();
        } catch (RuntimeException e) {
            // the call is gone already
        }
    }
}
