package org.wadi.spi.function;

import java.time.Duration;
import java.util.Objects;

/**
 * How the calls of an {@link AsyncFunction} run, per subtask. Arroyo's async UDF options
 * ({@code ordered}/{@code unordered}, {@code timeout}, {@code allowed_in_flight}).
 *
 * @param ordered {@code true}: rows are emitted in input order (a slow call holds back those after
 *     it); {@code false}: each row is emitted as soon as its call completes (watermarks still never
 *     overtake the rows before them)
 * @param timeout how long one call may take; a call that takes longer fails the task
 * @param maxConcurrency how many calls may be in flight at once; the input waits when that many are
 */
public record AsyncOptions(boolean ordered, Duration timeout, int maxConcurrency) {

    /** Unordered, 5 seconds per call, 1000 calls in flight. */
    public static final AsyncOptions DEFAULT = new AsyncOptions(false, Duration.ofSeconds(5), 1000);

    public AsyncOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
    }
}
