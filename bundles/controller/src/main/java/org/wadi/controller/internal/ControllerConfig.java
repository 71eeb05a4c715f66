package org.wadi.controller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The controller's configuration, PID {@code org.wadi.controller}. Every key can be overridden by
 * the environment variable {@code WADI_<KEY>} (upper case, dots as underscores).
 */
@ObjectClassDefinition(
        name = "Wadi controller",
        description = "Runs the job state machine and the gRPC server the workers connect to.")
public @interface ControllerConfig {

    @AttributeDefinition(name = "gRPC host",
            description = "Address the controller's gRPC server for workers binds to. 0.0.0.0 accepts workers from other machines.")
    String controller_grpc_host() default "127.0.0.1";

    @AttributeDefinition(name = "gRPC port",
            description = "Port of the controller's gRPC server for workers (0 picks a free port).")
    int controller_grpc_port() default 5116;

    @AttributeDefinition(name = "Advertised gRPC host",
            description = "Host workers are told to connect to. Empty: the bind host, or 127.0.0.1 when it binds every address.")
    String controller_grpc_advertised_host() default "";

    @AttributeDefinition(name = "Poll interval (ms)",
            description = "How often the controller re-reads the jobs from the database; it also reacts at once to changes it is notified of.")
    long controller_poll_interval_ms() default 500;

    @AttributeDefinition(name = "Scheduler",
            description = "Which scheduler starts the workers, by its wadi.scheduler name: process, embedded, node or kubernetes. "
                    + "The environment variables WADI_SCHEDULER and SCHEDULER override it.")
    String scheduler() default "process";

    @AttributeDefinition(name = "Slots per worker",
            description = "How many subtasks of each operator one worker runs; a job gets ceil(parallelism / slots) workers.")
    int worker_slots() default 16;

    @AttributeDefinition(name = "Compiling timeout (ms)",
            description = "Longest time a job may stay in Compiling (e.g. waiting for a connector bundle to appear) before it fails.")
    long controller_compiling_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Scheduling timeout (ms)",
            description = "Longest time from asking the scheduler for workers until all of them registered and all tasks run; then the job fails.")
    long controller_scheduling_timeout_ms() default 60_000;

    @AttributeDefinition(name = "Stopping timeout (ms)",
            description = "Longest time workers get to stop after a stop request; then they are killed and the job is Stopped.")
    long controller_stopping_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Finishing timeout (ms)",
            description = "Longest time a job may take to drain after all its sources ended; then it fails.")
    long controller_finishing_timeout_ms() default 300_000;

    @AttributeDefinition(name = "Start-up grace (ms)",
            description = "For this long after the controller starts, a missing scheduler or connector is waited for rather than failing the job: "
                    + "plug-in bundles may still be starting.")
    long controller_startup_grace_ms() default 10_000;

    @AttributeDefinition(name = "Output queue size",
            description = "Rows buffered per subscriber of a job's preview output; rows beyond it are dropped for that subscriber only.")
    int controller_output_queue_size() default 1_000;

    @AttributeDefinition(name = "Checkpoint storage URL",
            description = "Where jobs store their checkpoints: file:///absolute/folder or s3://bucket/prefix. "
                    + "Empty: the storage service's default (storage.url, file://${karaf.data}/checkpoints unless configured).")
    String checkpoint_storage_url() default "";

    @AttributeDefinition(name = "Checkpoints kept",
            description = "How many completed checkpoints of a job are kept; older ones are deleted from the storage.")
    int checkpoint_retention() default 3;

    @AttributeDefinition(name = "Checkpoint timeout (ms)",
            description = "Longest time a checkpoint may take from trigger to the last subtask's report; then it fails and the next one is tried.")
    long checkpoint_timeout_ms() default 120_000;

    @AttributeDefinition(name = "Restarts",
            description = "How many times in a row a job is restarted from its latest checkpoint after a task failed or a worker was lost; "
                    + "then it fails. 0: fail at once.")
    int controller_restart_max() default 20;

    @AttributeDefinition(name = "Initial restart backoff (ms)",
            description = "Wait before the first restart of a job; it doubles with each further restart, up to the maximum backoff.")
    long controller_restart_backoff_initial_ms() default 500;

    @AttributeDefinition(name = "Maximum restart backoff (ms)",
            description = "Longest wait before a restart.")
    long controller_restart_backoff_max_ms() default 60_000;

    @AttributeDefinition(name = "Restart counter reset (ms)",
            description = "After a job ran this long without a failure, its restart count and backoff start over.")
    long controller_restart_reset_after_ms() default 120_000;

    @AttributeDefinition(name = "Worker messages per job and minute",
            description = "How many warnings and errors that workers report (log lines, dropped bad records) are recorded in a job's errors list per minute; "
                    + "the rest are counted and summarised.")
    int controller_job_log_rate_per_minute() default 60;

    @AttributeDefinition(name = "Errors kept per job",
            description = "How many entries of a job's errors list are kept; older ones are deleted.")
    int controller_job_log_retention() default 1000;

    @AttributeDefinition(name = "Pushgateway URL",
            description = "A Prometheus Pushgateway (http://host:port) every worker also pushes its operators' metrics to, "
                    + "every few seconds, deleting its group when it ends. Empty: none. The environment variable "
                    + "WADI_PUSHGATEWAY_URL overrides it.")
    String pushgateway_url() default "";
}
