package org.wadi.scheduler.node.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The node scheduler's settings as plain values.
 *
 * <p>The node port is guarded by the cluster's credentials, as the controller's gRPC port: the
 * shared secret ({@code WADI_CLUSTER_SECRET} or {@code WADI_CLUSTER_SECRET_FILE}, else the data
 * folder's {@code cluster.secret}, generated there when the port is not on loopback) and TLS when
 * {@code WADI_CLUSTER_TLS_CERT/KEY/CA} are set. {@code node.token} is an optional extra secret.
 *
 * @param host address the node port binds to
 * @param port the node port, 0 for a free one
 * @param token an extra secret nodes present, or empty for none
 * @param nodeTimeout silence after which a node is lost
 * @param heartbeat how often nodes report
 * @param startTimeout how long a node may take to start a worker
 * @param standbyAfter how long after the active controller last used this scheduler it stands by:
 *        it ends its nodes' sessions and refuses registrations, so nodes go to the active server
 */
public record NodeSettings(String host, int port, String token, Duration nodeTimeout, Duration heartbeat,
        Duration startTimeout, Duration standbyAfter) {

    static final String CFG = "etc/org.wadi.scheduler.node.cfg";

    public NodeSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(variable("node.grpc.port") + " (node.grpc.port in " + CFG
                    + ") must be a port number, was " + port);
        }
        loopback(host); // a known address
        if (heartbeat.isZero() || heartbeat.isNegative() || nodeTimeout.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("node.timeout.ms (" + nodeTimeout.toMillis() + ") must be at least twice"
                    + " node.heartbeat.ms (" + heartbeat.toMillis() + ") in " + CFG);
        }
        if (standbyAfter.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(variable("node.standby.after.ms") + " (node.standby.after.ms in " + CFG
                    + ") must be at least 100, was " + standbyAfter.toMillis());
        }
    }

    /** The settings from the configuration, each key overridden by its {@code WADI_…} variable. */
    public static NodeSettings from(NodeSchedulerConfig c, Function<String, String> env) {
        return new NodeSettings(get(env, "node.grpc.host", c.node_grpc_host()),
                (int) number(env, "node.grpc.port", c.node_grpc_port()),
                get(env, "node.token", c.node_token()),
                Duration.ofMillis(number(env, "node.timeout.ms", c.node_timeout_ms())),
                Duration.ofMillis(number(env, "node.heartbeat.ms", c.node_heartbeat_ms())),
                Duration.ofMillis(number(env, "node.start.timeout.ms", c.node_start_timeout_ms())),
                Duration.ofMillis(number(env, "node.standby.after.ms", c.node_standby_after_ms())));
    }

    /** Whether {@code host} is a loopback address (the node port then needs no credentials). */
    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("node.grpc.host '" + host + "' in " + CFG + " is not a known address", e);
        }
    }

    private static String get(Function<String, String> env, String key, String configured) {
        String v = env.apply(variable(key));
        return v == null || v.isBlank() ? (configured == null ? "" : configured.trim()) : v.trim();
    }

    private static long number(Function<String, String> env, String key, long configured) {
        String v = get(env, key, Long.toString(configured));
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable(key) + " (" + key + " in " + CFG
                    + ") must be a whole number, 0 or more, was '" + v + "'");
        }
    }

    static String variable(String key) {
        return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
