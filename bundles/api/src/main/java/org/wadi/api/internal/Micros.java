package org.wadi.api.internal;

import java.time.Instant;

/** The API's time unit: microseconds since the epoch, as Arroyo's. */
final class Micros {

    private Micros() {
    }

    static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Long ofNullable(Instant t) {
        return t == null ? null : of(t);
    }
}
