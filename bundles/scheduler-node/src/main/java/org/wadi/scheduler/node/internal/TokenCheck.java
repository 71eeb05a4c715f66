package org.wadi.scheduler.node.internal;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Refuses calls whose {@value #HEADER} header is not the configured token (when one is configured). */
final class TokenCheck implements ServerInterceptor {

    static final String HEADER = "wadi-node-token";
    static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] token;

    TokenCheck(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (token.length > 0) {
            String given = headers.get(KEY);
            if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                call.close(Status.UNAUTHENTICATED.withDescription(given == null
                        ? "this server's node port requires a token: set node.token (WADI_NODE_TOKEN) on the node"
                        : "the node's token (node.token) is not this server's"), new Metadata());
                return new ServerCall.Listener<>() { };
            }
        }
        return next.startCall(call, headers);
    }
}
