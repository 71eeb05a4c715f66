package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Serves a lookup table ({@code type = 'lookup'}): the rows of an external table by primary key,
 * on demand, for lookup joins. Created per subtask by {@link Connector#createLookup}; called from
 * the subtask's one thread.
 */
@ConsumerType
public interface LookupSource {

    /** Connects (called once, before the first lookup). */
    void open(LookupContext context) throws Exception;

    /**
     * Looks up a batch of keys.
     *
     * @param keys the primary-key values, one array per key in the table's key-column order;
     *     {@code keys[0 … count)} are in use
     * @param count how many keys
     * @return for each key, the table's row (its columns, without {@code _timestamp}) or
     *     {@code null} when there is none; an array of at least {@code count}
     */
    Object[][] lookup(Object[][] keys, int count) throws Exception;

    /** Releases resources; called once, also after failures. */
    default void close() throws Exception {
    }
}
