package org.wadi.worker.internal.runtime;

import org.wadi.spi.plan.PlanEdge;
import org.wadi.worker.internal.expr.PlanException;

/**
 * Connects the subtasks at both ends of a non-chained edge. {@link LocalExchange} serves pairs that
 * both run in this worker; {@link NetworkExchange} pairs whose target runs on another worker.
 */
interface Exchange {

    /**
     * The sender for rows of {@code edge} from subtask {@code from} of its source to subtask
     * {@code to} of its target.
     *
     * @param input the edge's index among its target's inputs
     * @throws PlanException if this exchange cannot connect the pair
     */
    BatchSender sender(PlanEdge edge, int input, int from, int to) throws PlanException;
}
