package org.wadi.storage;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Produces the bytes of an object as they are computed, for {@link ObjectStore#put(String,
 * ObjectWriter)}: large objects (a checkpoint's state) go to the store without first being held
 * whole in memory.
 */
@ConsumerType
@FunctionalInterface
public interface ObjectWriter {

    /**
     * Writes the object's bytes into {@code out}, in order, and returns. Throwing fails the put:
     * nothing is stored. The channel belongs to the store: do not close it or keep it.
     */
    void writeTo(WritableByteChannel out) throws IOException;
}
