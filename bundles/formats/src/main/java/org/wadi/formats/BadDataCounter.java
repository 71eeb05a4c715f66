package org.wadi.formats;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every record a decoder skipped under {@code bad_data = 'drop'}: the hook through which
 * a source reports dropped records to its job's errors and metrics. Called on the source's thread,
 * once per dropped record; implementations must be cheap and must not throw.
 */
@ConsumerType
@FunctionalInterface
public interface BadDataCounter {

    /** Counts nothing: for callers that only read {@link PayloadDecoder#dropped()}. */
    BadDataCounter NONE = (where, reason) -> { };

    /**
     * One record was dropped.
     *
     * @param where the table and the record's position, as the connector named it ({@code "kafka
     *     table 'orders', topic t partition 0 offset 12"}, {@code "file a.json line 3"})
     * @param reason why it could not be decoded
     */
    void dropped(String where, String reason);
}
