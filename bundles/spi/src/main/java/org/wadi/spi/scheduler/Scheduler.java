package org.wadi.spi.scheduler;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Starts and stops the worker processes of jobs. Each scheduler is an OSGi service with the service
 * property {@value #NAME_PROPERTY} ({@code embedded}, {@code process}, {@code node},
 * {@code kubernetes}); the controller uses the one its configuration names. Workers the scheduler
 * starts register themselves with the controller over gRPC at {@link WorkerRequest#controllerAddress()}.
 */
@ConsumerType
public interface Scheduler {

    /** The service property that carries the scheduler's name. */
    String NAME_PROPERTY = "wadi.scheduler";

    /**
     * Starts {@link WorkerRequest#workers()} workers for a run of a job. Returns once they are
     * launched, not once they have registered.
     *
     * @throws SchedulerException if they cannot be started (no capacity, a bundle missing, …)
     */
    void startWorkers(WorkerRequest request) throws SchedulerException;

    /**
     * Gets ready for work: the active controller calls it on the scheduler it uses, often (every
     * pass of its loop), so it must be cheap and idempotent. A scheduler may keep resources ready
     * from then on (the {@code process} scheduler starts its standby worker processes); schedulers
     * that no controller uses, as on a standby server, are never asked.
     */
    default void prepare() {
    }

    /**
     * The controller that used this scheduler stops (since 1.5): its server lost the controller lock
     * to another server, or shuts down. A scheduler lets go of what {@link #prepare()} keeps ready
     * for the active controller (the {@code node} scheduler sends its nodes to the active server at
     * once); it is prepared again if the controller comes back. Workers already started are left to
     * the controller, which ends their sessions.
     */
    default void release() {
    }

    /**
     * The keys a pipeline's {@code scheduler_config} may hold for this scheduler (since 1.4). A
     * pipeline whose {@code scheduler_config} holds another key is refused when it is created,
     * with a message listing these. Empty (the default): this scheduler takes no per-pipeline
     * settings.
     */
    default Set<String> schedulerConfigKeys() {
        return Set.of();
    }

    /**
     * Checks the values of a pipeline's {@code scheduler_config} when the pipeline is created, so
     * that a bad one is refused then rather than failing the job's start (since 1.4). Its keys are
     * among {@link #schedulerConfigKeys()} already. The default accepts everything.
     *
     * @param schedulerConfig the JSON object as Java values (see {@link WorkerRequest#schedulerConfig()})
     * @throws IllegalArgumentException naming the bad key, its value and what is expected
     */
    default void checkSchedulerConfig(Map<String, Object> schedulerConfig) {
    }

    /**
     * Stops the workers of a job.
     *
     * @param jobId the job
     * @param runId only the workers of this run, or {@code -1} for all of the job's
     * @param force kill at once rather than ask them to exit
     */
    void stopWorkers(String jobId, long runId, boolean force);

    /** The workers this scheduler has running for a job (all runs). */
    List<WorkerHandle> workers(String jobId);

    /**
     * The machines this scheduler places workers on, when they are others than the server's own
     * (the node scheduler's registered nodes); empty for schedulers that start workers on the
     * server's machine or leave placement to another system (Kubernetes).
     */
    default List<SchedulerNode> nodes() {
        return List.of();
    }
}
