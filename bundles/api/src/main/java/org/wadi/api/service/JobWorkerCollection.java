package org.wadi.api.service;

import java.util.List;

/**
 * A job's workers, those running first.
 *
 * @param data the workers
 */
public record JobWorkerCollection(List<JobWorker> data) {

    public JobWorkerCollection {
        data = List.copyOf(data);
    }
}
