package org.wadi.spi.connector;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a source puts the rows it reads. A row is an {@code Object[]} with one value per column of
 * the table's schema followed by the event time ({@code _timestamp}, nanoseconds since the epoch,
 * a {@code long}) — see {@link org.wadi.spi.types.TypeId} for the Java class of each type. The
 * collector owns the array after the call: do not reuse it.
 */
@ProviderType
public interface Collector {

    /** Emits one row. */
    void collect(Object[] row);
}
