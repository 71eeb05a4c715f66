package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinType;
import org.wadi.worker.internal.runtime.Watermarks;

/**
 * Both joins on random streams, against the result found by comparing every pair of rows: each
 * kind, each type, with and without the residual condition; no row is late, no output row is
 * behind the watermark passed on, and nothing is held after the end.
 */
class JoinModelTest {

    static final long S = JoinHarness.S;

    void check(JoinKind kind, long lower, long upper, long windowNanos) throws Exception {
        for (JoinType type : JoinType.values()) {
            for (boolean withCondition : new boolean[] {false, true}) {
                List<JoinModel.Event> events = JoinModel.stream(7 + type.ordinal(), 2000, 2 * S, windowNanos);
                JoinHarness.Recorder out = new JoinHarness.Recorder();
                Joins.Join join = JoinHarness.create(JoinHarness.spec(kind, type,
                        withCondition ? JoinHarness.bAboveATimes(5) : null, lower, upper), out);
                JoinModel.feed(join, events);
                join.watermark(Watermarks.END);
                String what = kind + " " + type + (withCondition ? " with condition" : "");
                List<String> expected = JoinModel.expected(events, kind, type, withCondition, lower, upper);
                assertTrue(expected.size() > 500, what + ": " + expected.size() + " rows expected");
                assertEquals(expected, out.sortedRows(), what);
                assertEquals(0, join.lateRows(), what);
                assertEquals(List.of(), out.behind, what);
                assertEquals(0, join instanceof IntervalJoin i ? i.heldRows() : ((WindowJoin) join).heldRows(), what);
            }
        }
    }

    @Test
    void windowJoinsGiveWhatComparingEveryPairGives() throws Exception {
        check(JoinKind.WINDOW, 0, 0, S);
    }

    @Test
    void intervalJoinsGiveWhatComparingEveryPairGives() throws Exception {
        check(JoinKind.INTERVAL, -S / 2, S, 0);
    }

    @Test
    void intervalJoinsWithBoundsOfOneSignGiveWhatComparingEveryPairGives() throws Exception {
        check(JoinKind.INTERVAL, S / 4, 3 * S, 0);
        check(JoinKind.INTERVAL, -3 * S, -S / 4, 0);
    }
}
