package org.wadi.worker.internal.runtime;

/** The task was cancelled (an immediate stop, or another task failed) while it waited or worked. */
final class CancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CancelledException() {
        super("cancelled", null, false, false);
    }
}
