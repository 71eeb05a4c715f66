package org.wadi.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's credentials on the gRPC port: both ways, with a secret, with TLS, and without. */
class ClusterAuthTest {

    private static final String SECRET = "a-cluster-secret-of-some-length";

    @TempDir
    static Path certs;
    static TestCertificates ca;
    static ClusterAuth.Tls member;
    static ClusterAuth.Tls stranger;

    private Server server;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.create(certs);
        member = ca.issue("member", true);
        stranger = ca.issue("stranger", false);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One round trip of a worker session; the status of its failure, or OK. */
    private Status call(ClusterAuth serverAuth, ClusterAuth clientAuth) throws Exception {
        if (server == null) {
            server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), serverAuth, new Echo());
        }
        ManagedChannel channel = Rpc.channel("localhost:" + server.getPort(), clientAuth);
        try {
            CompletableFuture<ControllerMessage> answer = new CompletableFuture<>();
            StreamObserver<WorkerMessage> out = ControllerGrpc.newStub(channel).workerSession(new StreamObserver<>() {
                @Override
                public void onNext(ControllerMessage m) {
                    answer.complete(m);
                }

                @Override
                public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    answer.completeExceptionally(new IllegalStateException("completed without an answer"));
                }
            });
            out.onNext(WorkerMessage.getDefaultInstance());
            try {
                assertNotNull(answer.get(30, TimeUnit.SECONDS));
                out.onCompleted();
                return Status.OK;
            } catch (ExecutionException e) {
                return Status.fromThrowable(e.getCause());
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutCredentialsEverythingPasses() throws Exception {
        assertEquals(Status.Code.OK, call(ClusterAuth.NONE, ClusterAuth.NONE).getCode());
    }

    @Test
    void aSecretLetsMembersInAndKeepsOthersOut() throws Exception {
        ClusterAuth auth = ClusterAuth.of(SECRET, null);
        assertEquals(Status.Code.OK, call(auth, auth).getCode());
        Status none = call(auth, ClusterAuth.NONE);
        assertEquals(Status.Code.UNAUTHENTICATED, none.getCode());
        assertTrue(none.getDescription().contains("no cluster credentials"), none.getDescription());
        Status wrong = call(auth, ClusterAuth.of("another-secret-of-enough-length", null));
        assertEquals(Status.Code.UNAUTHENTICATED, wrong.getCode());
        assertTrue(wrong.getDescription().contains("wrong cluster credentials"), wrong.getDescription());
    }

    @Test
    void tlsWithAuthorityAndSecret() throws Exception {
        ClusterAuth auth = ClusterAuth.of(SECRET, member);
        assertEquals(Status.Code.OK, call(auth, auth).getCode());
        // a plaintext client cannot talk to a TLS server
        assertEquals(Status.Code.UNAVAILABLE, call(auth, ClusterAuth.of(SECRET, null)).getCode());
        // a certificate not signed by the cluster's authority is refused, even with the secret
        assertEquals(Status.Code.UNAVAILABLE,
                call(auth, ClusterAuth.of(SECRET, new ClusterAuth.Tls(stranger.certificate(), stranger.privateKey(),
                        member.authority()))).getCode());
        // the right certificate without the secret
        assertEquals(Status.Code.UNAUTHENTICATED, call(auth, ClusterAuth.tlsOnly(member)).getCode());
    }

    @Test
    void signaturesExpireAndAreBoundToTheSecret() {
        ClusterAuth auth = ClusterAuth.of(SECRET, null);
        long now = 1_800_000_000_000L;
        assertNull(auth.checkGrpcToken(auth.grpcToken(now - 1000), now));
        assertTrue(auth.checkGrpcToken(auth.grpcToken(now - ClusterAuth.MAX_CLOCK_SKEW_MILLIS - 1), now)
                .contains("from this server's clock"));
        assertTrue(auth.checkGrpcToken("123", now).contains("malformed"));
        String token = auth.grpcToken(now);
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        assertTrue(auth.checkGrpcToken(forged, now).contains("wrong"));
    }

    @Test
    void resolvedFromTheEnvironmentOrGeneratedWhenExposed(@TempDir Path data) throws Exception {
        assertFalse(ClusterAuth.resolveForServer(Map.<String, String>of()::get, data, false).enabled());
        assertFalse(Files.exists(data.resolve(ClusterAuth.SECRET_FILE_NAME)));

        ClusterAuth generated = ClusterAuth.resolveForServer(Map.<String, String>of()::get, data, true);
        Path file = data.resolve(ClusterAuth.SECRET_FILE_NAME);
        assertTrue(generated.hasSecret());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        // a worker given the file, and a server restarted loopback-only, use the same secret
        ClusterAuth worker = ClusterAuth.resolve(Map.of(ClusterAuth.SECRET_FILE_ENV, file.toString())::get, null);
        ClusterAuth again = ClusterAuth.resolveForServer(Map.<String, String>of()::get, data, false);
        long now = System.currentTimeMillis();
        assertNull(generated.checkGrpcToken(worker.grpcToken(now), now));
        assertNull(again.checkGrpcToken(worker.grpcToken(now), now));

        ClusterAuth fromEnv = ClusterAuth.resolve(Map.of(ClusterAuth.SECRET_ENV, SECRET)::get, file);
        assertFalse(generated.checkGrpcToken(fromEnv.grpcToken(now), now) == null);

        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> ClusterAuth.resolve(Map.of(ClusterAuth.SECRET_ENV, "short")::get, null));
        assertTrue(shortOne.getMessage().contains(ClusterAuth.SECRET_ENV), shortOne.getMessage());
        IllegalArgumentException partialTls = assertThrows(IllegalArgumentException.class,
                () -> ClusterAuth.resolve(Map.of(ClusterAuth.TLS_CERT_ENV, member.certificate().toString())::get,
                        null));
        assertTrue(partialTls.getMessage().contains(ClusterAuth.TLS_KEY_ENV), partialTls.getMessage());
    }

    @Test
    void exposureIsAnyHostButLoopback() {
        assertFalse(ClusterAuth.isExposed("127.0.0.1"));
        assertFalse(ClusterAuth.isExposed("localhost"));
        assertFalse(ClusterAuth.isExposed("::1"));
        assertTrue(ClusterAuth.isExposed("0.0.0.0"));
        assertTrue(ClusterAuth.isExposed("10.1.2.3"));
        assertTrue(ClusterAuth.isExposed(""));
    }

    /** Answers each message of a worker session. */
    private static final class Echo extends ControllerGrpc.ControllerImplBase {
        @Override
        public StreamObserver<WorkerMessage> workerSession(StreamObserver<ControllerMessage> out) {
            return new StreamObserver<>() {
                @Override
                public void onNext(WorkerMessage m) {
                    out.onNext(ControllerMessage.getDefaultInstance());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }
    }
}
