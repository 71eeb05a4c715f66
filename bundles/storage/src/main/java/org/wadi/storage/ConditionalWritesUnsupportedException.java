package org.wadi.storage;

import java.io.IOException;

/**
 * Thrown by {@link ObjectStore#putIfAbsent} when the store cannot create an object only if it is
 * absent (an S3-compatible store that ignores {@code If-None-Match: *}). Callers that can live with
 * one writer may fall back to checking and writing themselves.
 *
 * @since 1.3
 */
public class ConditionalWritesUnsupportedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what the store did and why it cannot be used so */
    public ConditionalWritesUnsupportedException(String message) {
        super(message);
    }
}
