package org.wadi.scheduler.process.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the process scheduler, PID {@code org.wadi.scheduler.process}. Every key can be
 * overridden by the environment variable {@code WADI_<KEY>} (upper case, dots as underscores).
 */
@ObjectClassDefinition(
        name = "Wadi process scheduler",
        description = "Starts each worker as a java process on this machine.")
public @interface ProcessSchedulerConfig {

    @AttributeDefinition(name = "Worker JVM options",
            description = "Options for each worker's java command, separated by spaces (no quoting).")
    String worker_jvm_options() default ProcessSettings.DEFAULT_JVM_OPTIONS;

    @AttributeDefinition(name = "Worker bundles",
            description = "Symbolic names of the bundles every worker installs, in install order, as installed in this server; "
                    + "the connector and function bundles a job uses are added to them. Comma separated in the environment variable.")
    String[] worker_bundles() default {
        "org.osgi.util.function",
        "org.osgi.util.promise",
        "org.osgi.service.component",
        "org.apache.felix.scr",
        "com.fasterxml.jackson.core.jackson-annotations",
        "com.fasterxml.jackson.core.jackson-core",
        "com.fasterxml.jackson.core.jackson-databind",
        "wadi-spi",
        "wadi-rpc",
        "wadi-formats",
        "wadi-storage",
        "io.netty.common",
        "io.netty.buffer",
        "io.netty.resolver",
        "io.netty.transport",
        "io.netty.codec-base",
        "io.netty.transport-native-unix-common",
        "io.netty.handler",
        "wadi-worker"
    };

    @AttributeDefinition(name = "Java executable",
            description = "Path of the java command for workers. Empty: the server's own, ${java.home}/bin/java.")
    String worker_java() default "";

    @AttributeDefinition(name = "Stop timeout (ms)",
            description = "How long a worker asked to stop may take to end before its process is killed.")
    long worker_stop_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Standby worker processes",
            description = "How many idle, warmed-up worker processes are kept ready, so that a job's start or recovery"
                    + " does not wait for a JVM to boot (each holds about 170 MB). 0: none kept.")
    int worker_standby() default 1;

    @AttributeDefinition(name = "Idle timeout (ms)",
            description = "How long a worker process whose worker ended, beyond the standby ones, waits for another"
                    + " worker before it exits. 0: at once.")
    long worker_idle_timeout_ms() default 60_000;
}
