package org.wadi.store;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs' errors lists in PostgreSQL: an OSGi service next to {@link PipelineStore} (the same
 * component provides both). The controller appends; the API reads, newest first, in pages. A job's
 * messages are deleted with the job, and only the newest ones of each job are kept.
 */
@ProviderType
public interface JobLogStore {

    /**
     * Appends messages in one transaction, then deletes each of their jobs' messages beyond the
     * newest {@code keepPerJob}.
     *
     * @throws IllegalArgumentException if a message names a job that does not exist, or
     *     {@code keepPerJob} is below 1
     */
    void appendJobLogMessages(List<JobLogMessage> messages, int keepPerJob);

    /**
     * One page of a job's messages, newest first.
     *
     * @param startingAfter the id of the last message of the previous page, or {@code null}; it
     *     need not exist any more (retention may have removed it)
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code startingAfter} is not a
     *     message id
     */
    Page<JobLogMessage> jobLogMessages(String jobId, String startingAfter, int limit);
}
