package org.wadi.scheduler.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.rpc.ClusterAuth;

/** The node port's settings and the credentials guarding it. */
class NodeSettingsTest {

    private static final String SECRET = "a-cluster-secret-of-some-length";

    @TempDir
    Path data;

    @Test
    void onLoopbackTheNodePortNeedsNoCredentials() {
        ClusterAuth auth = NodeScheduler.serverAuth(Map.<String, String>of()::get, data, "127.0.0.1");
        assertFalse(auth.enabled());
        assertFalse(Files.exists(data.resolve(ClusterAuth.SECRET_FILE_NAME)));
    }

    @Test
    void offLoopbackTheClusterSecretGuardsTheNodePortGeneratedIfNoneIsConfigured() {
        ClusterAuth generated = NodeScheduler.serverAuth(Map.<String, String>of()::get, data, "0.0.0.0");
        assertTrue(generated.hasSecret());
        Path file = data.resolve(ClusterAuth.SECRET_FILE_NAME);
        assertTrue(Files.isRegularFile(file), "written for the nodes: " + file);
        // a node given that file signs calls the port accepts
        ClusterAuth node = ClusterAuth.resolve(Map.of(ClusterAuth.SECRET_FILE_ENV, file.toString())::get, null);
        long now = System.currentTimeMillis();
        assertNull(generated.checkGrpcToken(node.grpcToken(now), now));
        // the same secret as the controller's (it resolves the same file), not a second one
        assertNull(NodeScheduler.serverAuth(Map.<String, String>of()::get, data, "0.0.0.0")
                .checkGrpcToken(node.grpcToken(now), now));

        ClusterAuth configured = NodeScheduler.serverAuth(Map.of(ClusterAuth.SECRET_ENV, SECRET)::get, data, "0.0.0.0");
        assertFalse(configured.checkGrpcToken(node.grpcToken(now), now) == null, "the configured secret wins");
    }

    @Test
    void offLoopbackNoTokenIsNeededAnyMoreButTheStandbyDelayIsChecked() {
        NodeSettings open = new NodeSettings("0.0.0.0", 5117, "", Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(5));
        assertEquals("", open.token());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeSettings("127.0.0.1",
                5117, "", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(10)));
        assertTrue(e.getMessage().contains("WADI_NODE_STANDBY_AFTER_MS") && e.getMessage().contains("was 10"),
                e.getMessage());
    }
}
