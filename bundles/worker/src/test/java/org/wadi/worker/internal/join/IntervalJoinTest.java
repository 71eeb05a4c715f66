package org.wadi.worker.internal.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.worker.internal.join.JoinHarness.S;
import static org.wadi.worker.internal.join.JoinHarness.row;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Watermarks;

/** The interval join driven directly: rows and watermarks in, joined rows and watermarks out. */
class IntervalJoinTest {

    /** Right rows from 1 s before to 2 s after the left row match. */
    static IntervalJoin join(JoinType type, JoinHarness.Recorder out) throws PlanException {
        return (IntervalJoin) JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, type, null, -S, 2 * S), out);
    }

    @Test
    void matchesAreEmittedAsSoonAsBothRowsAreThereWithinTheBoundsInclusive() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.INNER, out);
        j.collect(1, row("a", 1L, 9 * S - 1));      // 1 s + 1 ns before: no
        j.collect(1, row("a", 2L, 9 * S));          // 1 s before: yes
        j.collect(1, row("b", 3L, 10 * S));         // other key: no
        j.collect(0, row("a", 7L, 10 * S));
        assertEquals(List.of("[a, 7, 10000 | a, 2, 9000] @10000"), out.events, "the match is emitted on arrival");
        j.collect(1, row("a", 4L, 12 * S));         // 2 s after: yes
        j.collect(1, row("a", 5L, 12 * S + 1));     // 2 s + 1 ns after: no
        assertEquals(List.of("[a, 7, 10000 | a, 2, 9000] @10000", "[a, 7, 10000 | a, 4, 12000] @12000"), out.events,
                "stamped with the later event time");
        assertEquals(List.of(), out.behind);
    }

    @Test
    void rowsAreHeldUntilNoPartnerCanArriveThenFreed() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.INNER, out);
        j.collect(0, row("a", 1L, 10 * S)); // held until 12 s
        j.collect(1, row("b", 2L, 10 * S)); // held until 11 s
        assertEquals(2, j.heldRows());
        assertEquals(2, j.heldKeys());
        j.watermark(11 * S - 1);
        assertEquals(2, j.heldRows());
        j.watermark(11 * S);
        assertEquals(1, j.heldRows());
        assertEquals(1, j.heldKeys(), "a key without rows is forgotten");
        j.collect(1, row("a", 3L, 12 * S)); // still matches the left row
        assertEquals(List.of("wm 10999", "wm 11000", "[a, 1, 10000 | a, 3, 12000] @12000"), out.events);
        j.watermark(12 * S);
        assertEquals(1, j.heldRows(), "the right row is held until 13 s");
        j.watermark(13 * S);
        assertEquals(0, j.heldRows());
        assertEquals(0, j.heldKeys());
    }

    @Test
    void stateStaysWithinTheIntervalOnALongStream() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder() {
            long rows;

            @Override
            public void collect(Object[] row) {
                rows++;
            }
        };
        IntervalJoin j = join(JoinType.INNER, out);
        int most = 0;
        // 100,000 rows a side over 1,000 s (100 a second), 1,000 keys; the watermark trails by 1 s
        for (int i = 0; i < 100_000; i++) {
            long t = i * 10_000_000L;
            String key = "k" + (i % 1000);
            j.collect(0, row(key, (long) i, t));
            j.collect(1, row(key, (long) i, t));
            if (i % 100 == 99) {
                j.watermark(t - S);
                most = Math.max(most, j.heldRows());
            }
        }
        // left rows live 2 s + 1 s of delay, right rows 1 s + 1 s: about 300 + 200 rows at 100 a second
        assertTrue(most <= 600, "held at most " + most + " rows");
        j.watermark(Watermarks.END);
        assertEquals(0, j.heldRows());
        assertEquals(0, j.heldKeys());
    }

    @Test
    void outerRowsWithoutAPartnerAreEmittedPaddedWhenTheyExpire() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.FULL, out);
        j.collect(0, row("a", 1L, 10 * S)); // expires at 12 s
        j.collect(1, row("b", 2L, 10 * S)); // expires at 11 s
        j.collect(0, row("c", 3L, 10 * S));
        j.collect(1, row("c", 4L, 11 * S)); // matches c: neither is padded
        j.watermark(11 * S - 1);
        assertEquals(List.of("[c, 3, 10000 | c, 4, 11000] @11000"), out.rows());
        j.watermark(11 * S);
        assertEquals("[null, null, null | b, 2, 10000] @10000", out.rows().get(1));
        j.watermark(12 * S);
        assertEquals(List.of("[c, 3, 10000 | c, 4, 11000] @11000", "[null, null, null | b, 2, 10000] @10000",
                "[a, 1, 10000 | null, null, null] @10000"), out.rows());
        assertEquals(List.of(), out.behind, "padded rows are not behind the watermark passed on");
    }

    @Test
    void anOuterJoinHoldsTheWatermarkBackByTheInterval() throws PlanException {
        JoinHarness.Recorder left = new JoinHarness.Recorder();
        join(JoinType.LEFT, left).watermark(10 * S);
        JoinHarness.Recorder right = new JoinHarness.Recorder();
        join(JoinType.RIGHT, right).watermark(10 * S);
        JoinHarness.Recorder full = new JoinHarness.Recorder();
        join(JoinType.FULL, full).watermark(10 * S);
        JoinHarness.Recorder inner = new JoinHarness.Recorder();
        join(JoinType.INNER, inner).watermark(10 * S);
        assertEquals(List.of(8 * S), left.watermarks, "w - upper");
        assertEquals(List.of(9 * S), right.watermarks, "w + lower");
        assertEquals(List.of(8 * S), full.watermarks);
        assertEquals(List.of(10 * S), inner.watermarks);
    }

    @Test
    void leftAndRightJoinsPadOnlyTheirOuterSide() throws PlanException {
        for (JoinType type : List.of(JoinType.LEFT, JoinType.RIGHT)) {
            JoinHarness.Recorder out = new JoinHarness.Recorder();
            IntervalJoin j = join(type, out);
            j.collect(0, row("a", 1L, 10 * S));
            j.collect(1, row("b", 2L, 10 * S));
            j.watermark(Watermarks.END);
            assertEquals(List.of(type == JoinType.LEFT ? "[a, 1, 10000 | null, null, null] @10000"
                    : "[null, null, null | b, 2, 10000] @10000", "wm end"), out.events);
        }
    }

    @Test
    void nullKeysMatchNothingAndOuterOnesAreEmittedAtOnce() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.LEFT, out);
        j.collect(1, row(null, 2L, 10 * S));
        j.collect(0, row(null, 1L, 10 * S));
        assertEquals(List.of("[null, 1, 10000 | null, null, null] @10000"), out.events);
        assertEquals(0, j.heldRows(), "rows with a NULL key are not held");
    }

    @Test
    void theResidualConditionDecidesWhichPairsMatch() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        Joins.Join j = JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.LEFT,
                JoinHarness.bAboveATimes(5), 0, S), out);
        j.collect(1, row("a", 10L, 10 * S));
        j.collect(1, row("a", 11L, 10 * S));
        j.collect(0, row("a", 2L, 10 * S));   // matches b = 11 only
        j.collect(0, row("a", 3L, 10 * S));   // matches nothing
        j.collect(0, row("a", null, 10 * S)); // NULL: no match
        assertEquals(List.of("[a, 2, 10000 | a, 11, 10000] @10000"), out.rows());
        j.watermark(Watermarks.END);
        assertEquals(List.of("[a, 2, 10000 | a, 11, 10000] @10000", "[a, 3, 10000 | null, null, null] @10000",
                "[a, null, 10000 | null, null, null] @10000"), out.sortedRows());
    }

    @Test
    void rowsAtOrBeforeTheWatermarkAreDroppedAndCounted() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.FULL, out);
        j.watermark(10 * S);
        j.collect(0, row("a", 1L, 10 * S));
        j.collect(1, row("a", 2L, 9 * S));
        j.collect(1, row("a", 3L, 10 * S + 1));
        j.watermark(Watermarks.END);
        assertEquals(2, j.lateRows());
        assertEquals(List.of("[null, null, null | a, 3, " + (10 * S + 1) + "ns] @" + (10 * S + 1) + "ns"), out.rows());
    }

    @Test
    void negativeBoundsMatchRightRowsBeforeLeftOnesAndRowsPastTheirTimeAreNotHeld() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        // right rows 3 s to 1 s before the left row
        IntervalJoin j = (IntervalJoin) JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.LEFT, null,
                -3 * S, -S), out);
        j.collect(1, row("a", 1L, 7 * S));
        j.watermark(8 * S + S / 2); // the right row is held until 10 s: left rows up to 10 s can still come
        j.collect(0, row("a", 2L, 9 * S)); // matches; expires at 8 s, already passed: not held
        j.collect(0, row("b", 3L, 9 * S)); // no partner, none can come: emitted at once
        assertEquals(List.of("wm 8500", "[a, 2, 9000 | a, 1, 7000] @9000", "[b, 3, 9000 | null, null, null] @9000"),
                out.events);
        assertEquals(1, j.heldRows());
        j.watermark(10 * S);
        assertEquals(0, j.heldRows());
        assertEquals(List.of(), out.behind);
    }

    @Test
    void theEndAndFinishFlushEverythingOnce() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = join(JoinType.LEFT, out);
        j.collect(0, row("a", 1L, 10 * S));
        j.finish();
        assertEquals(List.of("[a, 1, 10000 | null, null, null] @10000", "wm end", "finish"), out.events);
        j.watermark(Watermarks.END);
        assertEquals(3, out.events.size());
    }

    @Test
    void boundsNearTheEndsOfTimeDoNotOverflow() throws PlanException {
        JoinHarness.Recorder out = new JoinHarness.Recorder();
        IntervalJoin j = (IntervalJoin) JoinHarness.create(JoinHarness.spec(JoinKind.INTERVAL, JoinType.FULL, null,
                -Long.MAX_VALUE, Long.MAX_VALUE), out);
        j.collect(0, row("a", 1L, 4 * S));
        j.collect(1, row("a", 2L, 3 * S));
        j.watermark(Long.MAX_VALUE - 1);
        assertEquals(2, j.heldRows(), "rows are held until the end");
        assertEquals(1, out.rows().size());
        j.watermark(Watermarks.END);
        assertEquals(0, j.heldRows());
        assertEquals(2, IntervalJoin.plus(1, 1));
        assertEquals(Long.MAX_VALUE, IntervalJoin.plus(Long.MAX_VALUE - 1, 5));
        assertEquals(Long.MIN_VALUE, IntervalJoin.plus(Long.MIN_VALUE + 1, -5));
        assertEquals(Long.MAX_VALUE, IntervalJoin.minus(Long.MAX_VALUE - 1, -5));
        assertEquals(Long.MIN_VALUE, IntervalJoin.minus(Long.MIN_VALUE + 1, 5));
        assertEquals(-4, IntervalJoin.minus(1, 5));
    }

    @Test
    void anUpdatingInputIsRefused() {
        Schema updating = JoinHarness.LEFT.withOp();
        JoinOperator spec = new JoinOperator(JoinKind.INTERVAL, JoinType.INNER, updating, JoinHarness.RIGHT,
                List.of(0), List.of(0), null, 0, S, 0, JoinHarness.OUTPUT);
        PlanException e = assertThrows(PlanException.class, () -> JoinHarness.create(spec, new JoinHarness.Recorder()));
        assertTrue(e.getMessage().contains("cannot take an updating input"), e.getMessage());
    }
}
