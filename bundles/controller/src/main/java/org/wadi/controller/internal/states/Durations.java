package org.wadi.controller.internal.states;

import java.time.Duration;

/** Durations in words for reasons users read. */
final class Durations {

    private Durations() {
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** In seconds, with as many decimals as needed: 500 ms is "0.5 s". */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
