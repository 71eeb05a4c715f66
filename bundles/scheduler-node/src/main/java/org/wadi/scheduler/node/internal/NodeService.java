package org.wadi.scheduler.node.internal;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.node.BundleChunk;
import org.wadi.rpc.node.BundleRef;
import org.wadi.rpc.node.NodeMessage;
import org.wadi.rpc.node.NodeServiceGrpc;
import org.wadi.rpc.node.Register;
import org.wadi.rpc.node.Registered;
import org.wadi.rpc.node.Refused;
import org.wadi.rpc.node.ServerMessage;

/** The gRPC service nodes call: their sessions and bundle downloads, handed to the scheduler. */
final class NodeService extends NodeServiceGrpc.NodeServiceImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    private static final int CHUNK = 64 * 1024;

    private final NodeScheduler scheduler;

    NodeService(NodeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public StreamObserver<NodeMessage> session(StreamObserver<ServerMessage> out) {
        return new StreamObserver<>() {
            private NodeSession node;

            @Override
            public void onNext(NodeMessage message) {
                if (node == null) {
                    if (message.getMsgCase() != NodeMessage.MsgCase.REGISTER) {
                        refuse(Status.INVALID_ARGUMENT, "a node's first message must be Register, was "
                                + message.getMsgCase());
                        return;
                    }
                    register(message.getRegister());
                    return;
                }
                node.seen();
                switch (message.getMsgCase()) {
                    case HEARTBEAT -> scheduler.heartbeat(node, message.getHeartbeat().getWorkersList());
                    case STARTED -> scheduler.started(node, message.getStarted().getWorkerId(),
                            message.getStarted().getDescription());
                    case REFUSED -> scheduler.refused(node, message.getRefused().getWorkerId(),
                            message.getRefused().getReason());
                    default -> LOG.warn("Node {} sent an unexpected {}; ignored", node.id(), message.getMsgCase());
                }
            }

            private void register(Register r) {
                if (r.getNodeId().isBlank() || r.getSlots() == 0) {
                    refuse(Status.INVALID_ARGUMENT, "a node must register with an id and at least one slot (was id '"
                            + r.getNodeId() + "', " + r.getSlots() + " slots)");
                    return;
                }
                NodeSession session = new NodeSession(r.getNodeId(), r.getHostname(), r.getSlots(), r.getVersion(), out);
                // in the registry before the node hears it is registered
                if (!scheduler.registered(session, r.getWorkersList())) {
                    String why = scheduler.standbyReason();
                    refuse(Status.FAILED_PRECONDITION, why == null ? "the node scheduler is stopping" : why);
                    return;
                }
                node = session;
                session.send(ServerMessage.newBuilder().setRegistered(Registered.newBuilder().setNodeId(r.getNodeId())
                        .setHeartbeatMs((int) scheduler.settings().heartbeat().toMillis())).build());
            }

            private void refuse(Status status, String reason) {
                if (status.getCode() == Status.Code.FAILED_PRECONDITION) {
                    LOG.debug("Refused a node session: {}", reason);
                } else {
                    LOG.warn("Refused a node session: {}", reason);
                }
                try {
                    out.onNext(ServerMessage.newBuilder().setRefused(Refused.newBuilder().setReason(reason)).build());
                    out.onError(status.withDescription(reason).asRuntimeException());
                } catch (RuntimeException e) {
                    // the call is gone already
                }
            }

            @Override
            public void onError(Throwable t) {
                if (node != null) {
                    scheduler.ended(node, "its session broke (" + Status.fromThrowable(t) + ")");
                    node.close(Status.CANCELLED);
                }
            }

            @Override
            public void onCompleted() {
                if (node != null) {
                    scheduler.ended(node, "it ended its session");
                    node.completed();
                } else {
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void fetchBundle(BundleRef request, StreamObserver<BundleChunk> out) {
        Path jar;
        try {
            jar = scheduler.jarFor(request);
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[CHUNK];
            for (int n = in.readNBytes(buffer, 0, CHUNK); n > 0; n = in.readNBytes(buffer, 0, CHUNK)) {
                out.onNext(BundleChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
            }
            out.onCompleted();
        } catch (IOException e) {
            out.onError(Status.INTERNAL.withDescription("cannot read " + jar + ": " + e.getMessage()).asRuntimeException());
        } catch (StatusRuntimeException e) {
            LOG.debug("A node stopped fetching {}: {}", jar, e.getStatus());
        }
    }
}
