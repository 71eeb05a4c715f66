package org.wadi.controller.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The current run of each job, where the gRPC service finds the run a worker registers for. */
public final class RunRegistry {

    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public void put(Run run) {
        runs.put(run.jobId(), run);
    }

    public Optional<Run> get(String jobId) {
        return Optional.ofNullable(runs.get(jobId));
    }

    /** Forgets a run if it is still the job's current one. */
    public void remove(Run run) {
        runs.remove(run.jobId(), run);
    }
}
