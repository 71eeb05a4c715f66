package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ProviderType;

/** Which parallel slice of which operator a source or sink runs as. */
@ProviderType
public interface TaskInfo {

    String jobId();

    /** The operator's id in the plan, e.g. {@code source_1}. */
    String operatorId();

    /** 0 to {@link #parallelism()} - 1. */
    int subtaskIndex();

    int parallelism();
}
