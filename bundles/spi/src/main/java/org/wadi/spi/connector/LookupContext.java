package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ProviderType;

/** What the runtime gives a lookup source when it opens. */
@ProviderType
public interface LookupContext {

    TaskInfo task();

    /** The file roots to resolve every local path through. */
    FileAccess files();
}
