package org.wadi.bench.jmh;

import java.util.SplittableRandom;

/** Nexmark-like bid rows, the input of every benchmark: made once per trial, the same for every run. */
final class Rows {

    /** Rows per benchmark invocation: each reported figure is per row. */
    static final int BATCH = 1024;

    private Rows() {
    }

    /**
     * {@code n} bids {@code auction, bidder, price, channel, url, date_time, extra, _timestamp}
     * over {@code keys} auctions, event times within one second.
     */
    static Object[][] bids(int n, int keys, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] channels = {"Google", "Facebook", "Baidu", "Apple"};
        Object[][] rows = new Object[n][];
        for (int i = 0; i < n; i++) {
            long auction = 1000 + random.nextInt(keys);
            long time = 1_700_000_000_000_000_000L + i * 1000L;
            rows[i] = new Object[] {auction, random.nextLong(1, 100_000), random.nextLong(1, 10_000_000),
                channels[random.nextInt(channels.length)], "https://www.nexmark.com/item.htm?query=" + auction,
                time, "", time};
        }
        return rows;
    }
}
