package org.wadi.scheduler.node.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the node scheduler, PID {@code org.wadi.scheduler.node}. Every key can be
 * overridden by the environment variable {@code WADI_<KEY>} (upper case, dots as underscores).
 */
@ObjectClassDefinition(
        name = "Wadi node scheduler",
        description = "Runs workers on nodes (bin/wadi node) that register with this server.")
public @interface NodeSchedulerConfig {

    @AttributeDefinition(name = "Host",
            description = "Address the node port binds to. Not a loopback address: the cluster's credentials are"
                    + " required (WADI_CLUSTER_SECRET or a secret generated into data/cluster.secret; TLS with"
                    + " WADI_CLUSTER_TLS_CERT/KEY/CA).")
    String node_grpc_host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "Port nodes connect to; 0 for a free one.")
    int node_grpc_port() default 5117;

    @AttributeDefinition(name = "Token",
            description = "An extra shared secret every node must present (its node.token), besides the cluster's"
                    + " credentials.",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String node_token() default "";

    @AttributeDefinition(name = "Node timeout (ms)",
            description = "A node that sent nothing for this long is lost; its workers count as dead.")
    long node_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Heartbeat (ms)", description = "How often nodes report their workers.")
    long node_heartbeat_ms() default 1_000;

    @AttributeDefinition(name = "Start timeout (ms)",
            description = "How long a node may take to start a worker process before the start fails.")
    long node_start_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Standby after (ms)",
            description = "Once the active controller has not used this scheduler for this long (it lost the"
                    + " controller lock), the server ends its nodes' sessions and refuses registrations, so that"
                    + " the nodes register with the active server.")
    long node_standby_after_ms() default 15_000;
}
