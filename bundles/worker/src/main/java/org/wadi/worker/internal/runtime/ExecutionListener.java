package org.wadi.worker.internal.runtime;

import java.util.List;

/**
 * What an execution reports about its subtasks, called from task threads (implementations are
 * thread-safe). Every local subtask gets exactly one final call: finished or failed.
 */
public interface ExecutionListener {

    void running(String operatorId, int subtask);

    /** Ended: input done and flushed, or stopped on request. */
    void finished(String operatorId, int subtask);

    /**
     * Failed.
     *
     * @param error the message for users
     * @param domain {@code user} or {@code internal}
     */
    void failed(String operatorId, int subtask, String error, String domain);

    /** Rows a preview sink sends to the controller, each a JSON object. */
    void output(String operatorId, int subtask, List<String> jsonRows);

    /**
     * Something went wrong that does not fail the subtask (it is logged at warn as well): for the
     * job's errors list. The default ignores it.
     */
    default void warning(String operatorId, int subtask, String message) {
    }
}
