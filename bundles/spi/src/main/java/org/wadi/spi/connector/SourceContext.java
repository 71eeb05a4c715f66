package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ProviderType;

/** What the runtime gives a source when it opens. */
@ProviderType
public interface SourceContext {

    TaskInfo task();

    /** The file roots to resolve every local path through. */
    FileAccess files();

    /**
     * The state this subtask wrote at the checkpoint the job restores from ({@link Source#snapshot}),
     * or {@code null} on a fresh start. After a change of parallelism, subtask {@code j} receives
     * the state of old subtask {@code j % old parallelism}: a source must record in its own state
     * what it needs to notice that (its lane, the old parallelism) and fail clearly if it cannot
     * go on from there.
     */
    byte[] restoredState();
}
