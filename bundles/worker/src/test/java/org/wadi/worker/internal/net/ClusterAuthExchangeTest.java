package org.wadi.worker.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.net.CrossWorkerExchangeTest.KEY;
import static org.wadi.worker.internal.net.CrossWorkerExchangeTest.NO_FILES;
import static org.wadi.worker.internal.net.CrossWorkerExchangeTest.noCheckpoints;
import static org.wadi.worker.internal.net.CrossWorkerExchangeTest.numbers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.rpc.ClusterAuth;
import org.wadi.rpc.TestCertificates;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.runtime.TestConnectors;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * The cluster's credentials on the data connections between workers: peers with the secret (and
 * the cluster's certificates) exchange every row; a peer without them is refused, naming why.
 */
class ClusterAuthExchangeTest {

    private static final String SECRET = "the-data-plane-secret-0123456789";

    @TempDir
    static Path certs;
    static ClusterAuth.Tls member;
    static ClusterAuth.Tls stranger;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Execution> executions = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates ca = TestCertificates.create(certs);
        member = ca.issue("member", true);
        stranger = ca.issue("stranger", false);
    }

    @AfterEach
    void close() throws Exception {
        for (Execution e : executions) {
            e.stop(false);
        }
        for (Execution e : executions) {
            e.done().get(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private record Outcome(long rows, List<String> senderFailures, List<String> receiverFailures) {
    }

    /** 5,000 rows from a source on w1 to a sink on w2, each worker with its own credentials. */
    private Outcome exchange(ClusterAuth sender, ClusterAuth receiver) throws Exception {
        DataServer s1 = DataServer.open("127.0.0.1", null, 2_000, sender);
        DataServer s2 = DataServer.open("127.0.0.1", null, 2_000, receiver);
        closeables.add(s1);
        closeables.add(s2);
        NetTesting.Held held = new NetTesting.Held("held");
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new TestConnectors.Range());
        registry.add(held);
        Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
        Map<String, String> peers = Map.of("w1", s1.address(), "w2", s2.address());
        NetTesting.Reports r1 = new NetTesting.Reports();
        NetTesting.Reports r2 = new NetTesting.Reports();
        Execution e1 = Execution.build("job_x", numbers(1, 5_000, Map.of()), "w1", placement, registry, NO_FILES,
                new ExprCompiler(), RuntimeOptions.DEFAULTS, r1, noCheckpoints(), s1.session(KEY, "w1", peers));
        Execution e2 = Execution.build("job_x", numbers(1, 5_000, Map.of()), "w2", placement, registry, NO_FILES,
                new ExprCompiler(), RuntimeOptions.DEFAULTS, r2, noCheckpoints(), s2.session(KEY, "w2", peers));
        executions.add(e1);
        executions.add(e2);
        e1.start();
        e2.start();
        e1.done().get(30, TimeUnit.SECONDS);
        if (r1.failures().isEmpty()) {
            e2.done().get(30, TimeUnit.SECONDS);
        } else {
            e2.stop(false);
            e2.done().get(30, TimeUnit.SECONDS);
        }
        return new Outcome(held.count(), r1.failures(), r2.failures());
    }

    @Test
    void peersWithTheSecretExchangeEveryRow() throws Exception {
        ClusterAuth auth = ClusterAuth.of(SECRET, null);
        Outcome o = exchange(auth, auth);
        assertEquals(List.of(), o.senderFailures());
        assertEquals(5_000, o.rows());
    }

    @Test
    void aPeerWithoutTheSecretIsRefused() throws Exception {
        Outcome o = exchange(ClusterAuth.NONE, ClusterAuth.of(SECRET, null));
        assertEquals(0, o.rows());
        assertEquals(1, o.senderFailures().size(), o.senderFailures().toString());
        assertTrue(o.senderFailures().get(0).contains("refused the data connection: worker w2 refuses the data "
                + "connection from w1: it did not prove the cluster secret"), o.senderFailures().get(0));
    }

    @Test
    void aPeerWithAnotherSecretIsRefused() throws Exception {
        Outcome o = exchange(ClusterAuth.of("another-secret-0123456789abcdef", null), ClusterAuth.of(SECRET, null));
        assertEquals(0, o.rows());
        assertEquals(1, o.senderFailures().size(), o.senderFailures().toString());
        assertTrue(o.senderFailures().get(0).contains("its proof does not match the cluster secret"),
                o.senderFailures().get(0));
    }

    @Test
    void overTlsWithTheClustersCertificates() throws Exception {
        ClusterAuth auth = ClusterAuth.of(SECRET, member);
        Outcome o = exchange(auth, auth);
        assertEquals(List.of(), o.senderFailures());
        assertEquals(5_000, o.rows());
    }

    @Test
    void aCertificateTheClusterDidNotSignIsRefused() throws Exception {
        ClusterAuth strange = ClusterAuth.of(SECRET, new ClusterAuth.Tls(stranger.certificate(),
                stranger.privateKey(), member.authority()));
        Outcome o = exchange(strange, ClusterAuth.of(SECRET, member));
        assertEquals(0, o.rows());
        assertEquals(1, o.senderFailures().size(), o.senderFailures().toString());
        // the handshake fails: the connection breaks before the peer could say anything
        assertTrue(o.senderFailures().get(0).contains("worker w2 at"), o.senderFailures().get(0));
    }

    @Test
    void aPlaintextPeerCannotTalkToATlsOne() throws Exception {
        Outcome o = exchange(ClusterAuth.of(SECRET, null), ClusterAuth.of(SECRET, member));
        assertEquals(0, o.rows());
        assertEquals(1, o.senderFailures().size(), o.senderFailures().toString());
    }
}
