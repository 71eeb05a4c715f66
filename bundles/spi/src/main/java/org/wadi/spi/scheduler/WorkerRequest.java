package org.wadi.spi.scheduler;

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
 */
public record WorkerRequest(
        String jobId,
        long runId,
        String controllerAddress,
        int workers,
        int slotsPerWorker,
        List<PluginBundle> plugins,
        Map<String, String> env) {

    public WorkerRequest {
        plugins = List.copyOf(plugins);
        env = Map.copyOf(env);
    }
}
