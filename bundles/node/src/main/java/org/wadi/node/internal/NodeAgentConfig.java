package org.wadi.node.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of a node, PID {@code org.wadi.node}. Every key can be overridden by the
 * environment variable {@code WADI_<KEY>} (upper case, dots as underscores). The agent runs only
 * when this configuration exists (the {@code wadi-node} feature brings {@code etc/org.wadi.node.cfg}).
 */
@ObjectClassDefinition(
        name = "Wadi node",
        description = "Registers this machine with a Wadi server's node scheduler and runs the workers it is given.")
public @interface NodeAgentConfig {

    @AttributeDefinition(name = "Server", description = "host:port of the server's node scheduler (its node.grpc.port);"
            + " several separated by commas for servers sharing one database: the node registers with the active one.")
    String node_server() default "127.0.0.1:5117";

    @AttributeDefinition(name = "Slots",
            description = "How many subtask slots this node offers. 0: four per available processor.")
    int node_slots() default 0;

    @AttributeDefinition(name = "Node id",
            description = "The node's name at the server. Empty: the host name and a hash of the data folder.")
    String node_id() default "";

    @AttributeDefinition(name = "Token", description = "The server's node.token, when it requires one.",
            type = AttributeType.PASSWORD)
    String node_token() default "";
}
