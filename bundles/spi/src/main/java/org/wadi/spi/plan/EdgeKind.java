package org.wadi.spi.plan;

/** How rows travel along a {@link PlanEdge} from the subtasks of one operator to the next's. */
public enum EdgeKind {
    /** Subtask i to subtask i (equal parallelism); chained into one task where possible. */
    FORWARD,
    /** Each row to the subtask that owns the hash of its key fields. */
    SHUFFLE,
    /** Each row to every subtask. */
    BROADCAST,
    /** Rows spread evenly over the subtasks (round robin), to change parallelism without keys. */
    REBALANCE
}
