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
     * or {@code null} on a fresh start.
     */
    byte[] restoredState();
}
