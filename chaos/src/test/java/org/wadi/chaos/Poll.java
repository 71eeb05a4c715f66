package org.wadi.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline: the only way this suite waits. */
final class Poll {

    private Poll() {
    }

    /** Polls until the condition holds; fails naming what was awaited when the timeout passes. */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            pause();
        }
    }

    /** The polling interval of a wait that has its own deadline. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
