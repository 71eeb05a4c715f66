package org.wadi.rpc;

import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

/**
 * Builds gRPC servers and channels with the transport embedded in this bundle, named directly so
 * that no {@code ServiceLoader} lookup across bundles is needed. The one place other bundles get
 * their gRPC endpoints from, and where a cluster's {@link ClusterAuth credentials} are applied.
 */
public final class Rpc {

    /** Largest message: plans of big pipelines and batches of preview rows fit. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    static final Metadata.Key<String> AUTH_HEADER = Metadata.Key.of(ClusterAuth.GRPC_HEADER,
            Metadata.ASCII_STRING_MARSHALLER);

    private Rpc() {
    }

    /** Starts a plaintext server without authentication on {@code address} serving {@code services}. */
    public static Server startServer(InetSocketAddress address, BindableService... services) throws IOException {
        return startServer(address, ClusterAuth.NONE, services);
    }

    /**
     * Starts a server on {@code address} serving {@code services} to callers that prove they belong
     * to the cluster {@code auth} describes: with a secret, every call must carry a valid signature
     * (else it fails with {@code UNAUTHENTICATED}); with TLS, the connection is encrypted and the
     * caller must present a certificate signed by the cluster's authority.
     */
    public static Server startServer(InetSocketAddress address, ClusterAuth auth, BindableService... services)
            throws IOException {
        NettyServerBuilder b = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        if (auth.tls() != null) {
            ClusterAuth.Tls tls = auth.tls();
            try {
                b.sslContext(GrpcSslContexts.forServer(tls.certificate().toFile(), tls.privateKey().toFile())
                        .trustManager(tls.authority().toFile())
                        .clientAuth(ClientAuth.REQUIRE)
                        .build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new IOException("cannot set up TLS for the gRPC server with " + tls.certificate() + ", "
                        + tls.privateKey() + " and " + tls.authority() + ": " + e.getMessage(), e);
            }
        }
        ServerInterceptor check = auth.hasSecret() ? new SecretCheck(auth, System::currentTimeMillis) : null;
        for (BindableService s : services) {
            b.addService(check == null ? s.bindService() : ServerInterceptors.intercept(s, check));
        }
        return b.build().start();
    }

    /** A plaintext channel to {@code host:port}, with keep-alives so a dead peer is noticed soon. */
    public static ManagedChannel channel(String hostAndPort) {
        return channel(hostAndPort, ClusterAuth.NONE);
    }

    /**
     * A channel to {@code host:port} with the cluster's credentials: TLS (this process's certificate
     * shown, the server's checked against the cluster's authority and the host name) when
     * {@code auth} has it, every call signed when it has a secret.
     */
    public static ManagedChannel channel(String hostAndPort, ClusterAuth auth) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not host:port: '" + hostAndPort + "'");
        }
        String host = hostAndPort.substring(0, colon);
        int port = Integer.parseInt(hostAndPort.substring(colon + 1));
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(host, port)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(true);
        if (auth.tls() != null) {
            ClusterAuth.Tls tls = auth.tls();
            try {
                b.sslContext(GrpcSslContexts.forClient()
                        .trustManager(tls.authority().toFile())
                        .keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
                        .build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot set up TLS to " + hostAndPort + " with "
                        + tls.certificate() + ", " + tls.privateKey() + " and " + tls.authority() + ": "
                        + e.getMessage(), e);
            }
        } else {
            b.usePlaintext();
        }
        if (auth.hasSecret()) {
            b.intercept(new Signer(auth));
        }
        return b.build();
    }

    /** Signs every call with the cluster secret. */
    private static final class Signer implements ClientInterceptor {
        private final ClusterAuth auth;

        Signer(ClusterAuth auth) {
            this.auth = auth;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(AUTH_HEADER, auth.grpcToken(System.currentTimeMillis()));
                    super.start(listener, headers);
                }
            };
        }
    }

    /** Refuses calls without a valid signature. */
    static final class SecretCheck implements ServerInterceptor {
        private final ClusterAuth auth;
        private final LongSupplier clock;

        SecretCheck(ClusterAuth auth, LongSupplier clock) {
            this.auth = auth;
            this.clock = clock;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String refusal = auth.checkGrpcToken(headers.get(AUTH_HEADER), clock.getAsLong());
            if (refusal != null) {
                call.close(Status.UNAUTHENTICATED.withDescription(refusal + "; a worker needs the cluster secret ("
                        + ClusterAuth.SECRET_ENV + " or " + ClusterAuth.SECRET_FILE_ENV + ")"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }
}
