package org.wadi.store;

import java.time.Instant;
import org.wadi.spi.job.StopMode;

/**
 * A pipeline as stored: the user's query and its plan.
 *
 * @param id {@code pl_…}
 * @param name the user's name for it
 * @param query the SQL text
 * @param parallelism the requested parallelism
 * @param checkpointIntervalMicros the checkpoint interval
 * @param planJson the dataflow plan ({@link org.wadi.spi.plan.PlanCodec})
 * @param stop the desired stop mode ({@link StopMode#NONE} to run)
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Pipeline(
        String id,
        String name,
        String query,
        int parallelism,
        long checkpointIntervalMicros,
        String planJson,
        StopMode stop,
        Instant createdAt,
        Instant updatedAt) {
}
