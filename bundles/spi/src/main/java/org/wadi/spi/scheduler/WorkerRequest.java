package org.wadi.spi.scheduler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the controller asks a scheduler to start.
 *
 * @param jobId the job
 * @param runId the run of the job (it grows with every restart)
 * @param controllerAddress {@code host:port} of the controller's gRPC server
 * @param workers how many workers to start
 * @param slotsPerWorker how many subtasks each may run
 * @param plugins the connector and function bundles the job uses, beyond the worker's own set
 * @param env extra environment for the workers
 * @param workerIds the ids the workers are to register with, one per worker, or empty for the
 *     scheduler to choose them (since 1.2: a scheduler that starts workers through another one,
 *     as the {@code node} scheduler does, must know them before the workers exist)
 * @param schedulerConfig the pipeline's {@code scheduler_config}: settings of its workers for
 *     the scheduler, as a JSON object read into Java values ({@code String}, {@code Number},
 *     {@code Boolean}, {@code List}, {@code Map}, {@code null}); empty for the scheduler's defaults.
 *     Checked with {@link Scheduler#checkSchedulerConfig} when the pipeline was created (since 1.4)
 */
public record WorkerRequest(
        String jobId,
        long runId,
        String controllerAddress,
        int workers,
        int slotsPerWorker,
        List<PluginBundle> plugins,
        Map<String, String> env,
        List<String> workerIds,
        Map<String, Object> schedulerConfig) {

    public WorkerRequest {
        plugins = List.copyOf(plugins);
        env = Map.copyOf(env);
        workerIds = List.copyOf(workerIds);
        // JSON values may be null, which Map.copyOf refuses
        schedulerConfig = schedulerConfig == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(schedulerConfig));
        if (!workerIds.isEmpty() && workerIds.size() != workers) {
            throw new IllegalArgumentException("a request for " + workers + " workers of job " + jobId + " names "
                    + workerIds.size() + " worker ids; it must name one per worker, or none");
        }
    }

    /** A request without {@code scheduler_config}. */
    public WorkerRequest(String jobId, long runId, String controllerAddress, int workers, int slotsPerWorker,
            List<PluginBundle> plugins, Map<String, String> env, List<String> workerIds) {
        this(jobId, runId, controllerAddress, workers, slotsPerWorker, plugins, env, workerIds, Map.of());
    }

    /** A request whose worker ids the scheduler chooses. */
    public WorkerRequest(String jobId, long runId, String controllerAddress, int workers, int slotsPerWorker,
            List<PluginBundle> plugins, Map<String, String> env) {
        this(jobId, runId, controllerAddress, workers, slotsPerWorker, plugins, env, List.of(), Map.of());
    }
}
