package org.wadi.rpc;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Builds gRPC servers and channels with the transport embedded in this bundle, named directly so
 * that no {@code ServiceLoader} lookup across bundles is needed. The one place other bundles get
 * their gRPC endpoints from.
 */
public final class Rpc {

    /** Largest message: plans of big pipelines and batches of preview rows fit. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private Rpc() {
    }

    /** Starts a server on {@code address} serving {@code services}. */
    public static Server startServer(InetSocketAddress address, BindableService... services) throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        for (BindableService s : services) {
            b.addService(s);
        }
        return b.build().start();
    }

    /** A plaintext channel to {@code host:port}, with keep-alives so a dead peer is noticed soon. */
    public static ManagedChannel channel(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not host:port: '" + hostAndPort + "'");
        }
        String host = hostAndPort.substring(0, colon);
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        return NettyChannelBuilder.forAddress(host, port)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true)
                .build();
    }
}
