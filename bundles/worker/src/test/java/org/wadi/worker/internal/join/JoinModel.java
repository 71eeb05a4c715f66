package org.wadi.worker.internal.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinType;

/**
 * The join tests' reference: a random stream of both sides' rows and watermarks in which no row is
 * late, and the result every pair of rows should give, found by comparing all pairs of one key.
 */
final class JoinModel {

    /** One element of the stream: a row of side 0 or 1, or a watermark (side -1). */
    record Event(int side, Object[] row, long watermark) {
    }

    private JoinModel() {
    }

    /**
     * {@code n} rows over about {@code n} × 10 ms, keys k0…k5 or NULL, values sometimes NULL, out of
     * order by up to {@code disorder}; with {@code windowNanos} > 0 every event time is the end minus
     * one of its window (the rows of a window aggregate). A watermark every 50 rows, trailing so
     * that no row is late.
     */
    static List<Event> stream(long seed, int n, long disorder, long windowNanos) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>();
        long max = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long base = i * 10_000_000L;
            long t = base + (long) (random.nextDouble() * disorder);
            if (windowNanos > 0) {
                t = Math.floorDiv(t, windowNanos) * windowNanos + windowNanos - 1;
            }
            max = Math.max(max, t);
            int k = random.nextInt(7);
            String key = k == 6 ? null : "k" + k;
            Long value = random.nextInt(12) == 0 ? null : (long) random.nextInt(random.nextBoolean() ? 11 : 61);
            events.add(new Event(random.nextInt(2), JoinHarness.row(key, value, t), 0));
            if (i % 50 == 49) {
                long w = max - disorder - Math.max(windowNanos, 0) - 1;
                if (w > last) {
                    events.add(new Event(-1, null, w));
                    last = w;
                }
            }
        }
        return events;
    }

    /** Whether a pair passes {@link JoinHarness#bAboveATimes}{@code (5)}: {@code b > a * 5} (NULL is no match). */
    static boolean condition(Object[] l, Object[] r) {
        return l[1] != null && r[1] != null && (Long) r[1] > (Long) l[1] * 5;
    }

    /** The output rows the join should emit for these events' rows, described and sorted. */
    static List<String> expected(List<Event> events, JoinKind kind, JoinType type, boolean withCondition,
            long lower, long upper) {
        List<Object[]> lefts = new ArrayList<>();
        List<Object[]> rights = new ArrayList<>();
        for (Event e : events) {
            if (e.side() == 0) {
                lefts.add(e.row());
            } else if (e.side() == 1) {
                rights.add(e.row());
            }
        }
        JoinLayout shape = layout(type);
        List<String> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[rights.size()];
        // every pair of rows with one non-NULL key
        Map<Object, List<Integer>> rightsByKey = new HashMap<>();
        for (int j = 0; j < rights.size(); j++) {
            if (rights.get(j)[0] != null) {
                rightsByKey.computeIfAbsent(rights.get(j)[0], k -> new ArrayList<>()).add(j);
            }
        }
        for (Object[] l : lefts) {
            boolean matched = false;
            for (int j : l[0] == null ? List.<Integer>of() : rightsByKey.getOrDefault(l[0], List.of())) {
                Object[] r = rights.get(j);
                long lt = (Long) l[2];
                long rt = (Long) r[2];
                boolean inTime = kind == JoinKind.WINDOW ? lt == rt : rt - lt >= lower && rt - lt <= upper;
                if (inTime && (!withCondition || condition(l, r))) {
                    out.add(JoinHarness.Recorder.describe(shape.pair(l, r, Math.max(lt, rt))));
                    matched = true;
                    rightMatched[j] = true;
                }
            }
            if (!matched && shape.leftOuter) {
                out.add(JoinHarness.Recorder.describe(shape.leftOnly(l, l[2])));
            }
        }
        if (shape.rightOuter) {
            for (int j = 0; j < rights.size(); j++) {
                if (!rightMatched[j]) {
                    out.add(JoinHarness.Recorder.describe(shape.rightOnly(rights.get(j), rights.get(j)[2])));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static JoinLayout layout(JoinType type) {
        try {
            return JoinLayout.appendOnly("model", JoinHarness.spec(JoinKind.INTERVAL, type, null, 0, 0));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Feeds events into the operator. */
    static void feed(Joins.Join join, List<Event> events) {
        for (Event e : events) {
            if (e.side() < 0) {
                join.watermark(e.watermark());
            } else {
                join.collect(e.side(), e.row());
            }
        }
    }
}
