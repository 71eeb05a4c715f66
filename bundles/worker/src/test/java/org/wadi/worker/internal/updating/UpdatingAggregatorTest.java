package org.wadi.worker.internal.updating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.UpdatingAggregateOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/** The updating aggregate driven directly: rows, watermarks and a hand-turned clock in, changes out. */
class UpdatingAggregatorTest {

    static final long S = 1_000_000_000L;
    static final long FLUSH = 1_000 * S;

    /** Input: key, value, _timestamp (append) or key, value, _op, _timestamp (updating). */
    static Schema input(boolean updating) {
        Schema s = Schema.of(Field.of("k", DataType.UTF8), Field.of("v", DataType.INT64)).withTimestamp();
        return updating ? s.withOp() : s;
    }

    static AggregateCall call(String fn, int arg, DataType type) {
        return new AggregateCall(fn, arg, false, type);
    }

    /** count(*), count(v), sum(v), avg(v), min(v), max(v). */
    static AggregateCall[] all() {
        return new AggregateCall[] {call("count", -1, DataType.INT64), call("count", 1, DataType.INT64),
            call("sum", 1, DataType.INT64), call("avg", 1, DataType.FLOAT64), call("min", 1, DataType.INT64),
            call("max", 1, DataType.INT64)};
    }

    /** The processing-time clock the operators under test read: turned by hand. */
    final long[] now = {0};
    final Changes out = new Changes(true);

    UpdatingAggregator op(Schema input, List<Integer> keys, long ttl, AggregateCall... aggs) throws PlanException {
        return op(input, keys, ttl, out, aggs);
    }

    UpdatingAggregator op(Schema input, List<Integer> keys, long ttl, Changes to, AggregateCall... aggs)
            throws PlanException {
        List<Field> fields = new ArrayList<>();
        for (int k : keys) {
            fields.add(input.field(k));
        }
        for (int i = 0; i < aggs.length; i++) {
            fields.add(Field.of("a" + i, aggs[i].type()));
        }
        Schema output = new Schema(fields).withOp();
        return UpdatingAggregates.create("agg_1", new UpdatingAggregateOperator(input, keys, List.of(aggs), ttl,
                FLUSH, output), () -> now[0], to);
    }

    static Object[] row(String k, Long v, long t) {
        return new Object[] {k, v, t};
    }

    static Object[] change(int kind, String k, Long v, long t) {
        return new Object[] {k, v, RowKind.of(kind), t};
    }

    @Test
    void appendRowsAreAggregatedPerKeyAndStampedWithTheirNewestEventTime() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 0, all());
        op.collect(row("a", 4L, 30));
        op.collect(row("b", 1L, 10));
        op.collect(row("a", null, 50));
        op.collect(row("a", 2L, 20));
        assertEquals(List.of(), out.take(), "nothing before an emission");
        op.finish();
        assertEquals(List.of("+I[a, 3, 2, 6, 3.0, 2, 4]@50", "+I[b, 1, 1, 1, 1.0, 1, 1]@10", "finish"), out.events);
    }

    @Test
    void aGlobalAggregateHasOneGroup() throws Exception {
        UpdatingAggregator op = op(input(true), List.of(), 0, call("count", -1, DataType.INT64),
                call("sum", 1, DataType.INT64));
        op.collect(change(RowKind.INSERT, "a", 5L, 1));
        op.collect(change(RowKind.INSERT, "b", 7L, 2));
        op.watermark(Watermarks.END);
        assertEquals(List.of("+I[2, 12]@2"), out.take());
        op.collect(change(RowKind.DELETE, "a", 5L, 3));
        op.collect(change(RowKind.DELETE, "b", 7L, 4));
        op.finish();
        assertEquals(List.of("-D[2, 12]@2"), out.take());
        assertEquals(0, op.keyCount());
    }

    @Test
    void retractionsComeOutOfEveryAggregateAndMinMaxStayExact() throws Exception {
        UpdatingAggregator op = op(input(true), List.of(0), 0, all());
        for (long v : new long[] {5, 3, 9, 3}) {
            op.collect(change(RowKind.INSERT, "a", v, v));
        }
        op.finish();
        assertEquals(List.of("+I[a, 4, 4, 20, 5.0, 3, 9]@9"), out.take());
        // the current max goes: the next largest takes its place; one of two 3s goes: 3 stays the min
        op.collect(change(RowKind.UPDATE_BEFORE, "a", 9L, 9));
        op.collect(change(RowKind.UPDATE_AFTER, "a", 4L, 10));
        op.collect(change(RowKind.DELETE, "a", 3L, 11));
        op.finish();
        assertEquals(List.of("-U[a, 4, 4, 20, 5.0, 3, 9]@9", "+U[a, 3, 3, 12, 4.0, 3, 5]@11"), out.take());
        op.collect(change(RowKind.DELETE, "a", 3L, 12));
        op.finish();
        assertEquals(List.of("-U[a, 3, 3, 12, 4.0, 3, 5]@11", "+U[a, 2, 2, 9, 4.5, 4, 5]@12"), out.take());
    }

    @Test
    void minAndMaxOfTextAndDecimalsRetractExactlyAndDecimalSumsStayExact() throws Exception {
        Schema in = Schema.of(Field.of("k", DataType.INT64), Field.of("s", DataType.UTF8),
                Field.of("d", DataType.decimal(10, 2))).withOp();
        DataType dec = DataType.decimal(12, 2);
        UpdatingAggregator op = op(in, List.of(0), 0, call("min", 1, DataType.UTF8), call("max", 1, DataType.UTF8),
                call("sum", 2, dec), call("avg", 2, dec), call("max", 2, dec));
        op.collect(new Object[] {1L, "pear", new BigDecimal("0.10"), RowKind.of(RowKind.INSERT), 1L});
        op.collect(new Object[] {1L, "apple", new BigDecimal("0.20"), RowKind.of(RowKind.INSERT), 2L});
        op.collect(new Object[] {1L, "zucchini", new BigDecimal("0.30"), RowKind.of(RowKind.INSERT), 3L});
        op.collect(new Object[] {1L, "apple", new BigDecimal("0.20"), RowKind.of(RowKind.DELETE), 4L});
        op.collect(new Object[] {1L, "zucchini", new BigDecimal("0.30"), RowKind.of(RowKind.DELETE), 5L});
        op.finish();
        assertEquals(List.of("+I[1, pear, pear, 0.10, 0.10, 0.10]@5"), out.take());
    }

    @Test
    void anEmissionSaysInsertForANewKeyUpdateForAChangedOneDeleteForAnEmptyOneAndNothingForTheSame()
            throws Exception {
        UpdatingAggregator op = op(input(true), List.of(0), 0, call("sum", 1, DataType.INT64));
        op.collect(change(RowKind.INSERT, "a", 1L, 1));
        op.collect(change(RowKind.INSERT, "b", 2L, 1));
        op.collect(change(RowKind.INSERT, "c", 3L, 1));
        op.finish();
        assertEquals(List.of("+I[a, 1]@1", "+I[b, 2]@1", "+I[c, 3]@1"), out.take());
        op.collect(change(RowKind.INSERT, "a", 10L, 2));       // changed
        op.collect(change(RowKind.DELETE, "b", 2L, 2));        // emptied
        op.collect(change(RowKind.UPDATE_BEFORE, "c", 3L, 2)); // back to the same
        op.collect(change(RowKind.UPDATE_AFTER, "c", 3L, 2));
        op.collect(change(RowKind.INSERT, "d", 4L, 2));        // new, then emptied before any emission
        op.collect(change(RowKind.DELETE, "d", 4L, 2));
        op.collect(change(RowKind.DELETE, "e", 4L, 2));        // never seen: ignored
        op.finish();
        assertEquals(List.of("-U[a, 1]@1", "+U[a, 11]@2", "-D[b, 2]@1"), out.take());
        assertEquals(2, op.keyCount(), "the emptied keys' state is freed");
        op.collect(change(RowKind.INSERT, "b", 5L, 3));
        op.finish();
        assertEquals(List.of("+I[b, 5]@3"), out.take(), "a key deleted and back is new again");
    }

    @Test
    void changesAreEmittedOncePerFlushPeriodAsTheNetChange() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 0, call("count", -1, DataType.INT64));
        op.collect(row("a", 1L, 1));
        op.collect(row("a", 1L, 2));
        now[0] = FLUSH - 1;
        op.flush();
        assertEquals(List.of(), out.take(), "the period has not passed");
        now[0] = FLUSH;
        op.flush();
        assertEquals(List.of("+I[a, 2]@2"), out.take(), "two rows for one key: one change");
        op.collect(row("a", 1L, 3));
        now[0] = FLUSH + FLUSH / 2;
        op.flush();
        assertEquals(List.of(), out.take());
        // while rows keep coming (no idle flush), the clock is read every 1024 rows
        now[0] = 2 * FLUSH;
        for (int i = 0; i < 1022; i++) {
            op.collect(row("b", 1L, 4));
        }
        assertEquals(List.of(), out.take());
        op.collect(row("b", 1L, 5));
        assertEquals(List.of("-U[a, 2]@2", "+U[a, 3]@3", "+I[b, 1023]@5"), out.take());
    }

    @Test
    void aSnapshotEmitsThePendingChangesFirstAndTheBarrierFollows() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 0, call("count", -1, DataType.INT64));
        op.collect(row("a", 1L, 1));
        op.snapshot(7);
        op.barrier(7, false);
        assertEquals(List.of("+I[a, 1]@1", "barrier 7"), out.events);
    }

    @Test
    void watermarksPassOnAndTheEndEmitsFirst() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 0, call("count", -1, DataType.INT64));
        op.collect(row("a", 1L, 1));
        op.watermark(5);
        op.watermark(Watermarks.IDLE);
        op.watermark(5);
        op.watermark(Watermarks.END);
        assertEquals(List.of("wm 5", "wm idle", "wm 5", "+I[a, 1]@1", "wm end"), out.events);
    }

    @Test
    void keysNotUpdatedForTheTtlAreForgottenSilently() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 10 * S, call("count", -1, DataType.INT64));
        op.collect(row("a", 1L, S));
        op.collect(row("b", 1L, 8 * S));
        op.finish();
        out.take();
        op.watermark(11 * S - 1);
        assertEquals(2, op.keyCount());
        op.watermark(11 * S);
        assertEquals(1, op.keyCount(), "a is 10 s behind the watermark");
        assertEquals(List.of(), out.take(), "no DELETE");
        op.collect(row("a", 1L, 12 * S));
        op.collect(row("b", 1L, 12 * S));
        op.finish();
        assertEquals(List.of("+I[a, 1]@" + 12 * S, "-U[b, 1]@" + 8 * S, "+U[b, 2]@" + 12 * S), out.take());
    }

    @Test
    void aKeyWithChangesNotYetEmittedIsForgottenOnlyAfterItsEmission() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 10 * S, call("count", -1, DataType.INT64));
        op.watermark(20 * S);
        op.collect(row("late", 1L, S));
        op.watermark(21 * S);
        assertEquals(1, op.keyCount(), "its change is not out yet");
        now[0] = FLUSH;
        op.flush();
        assertEquals(List.of("+I[late, 1]@" + S), out.take());
        op.watermark(22 * S);
        assertEquals(0, op.keyCount());
    }

    @Test
    void unsupportedAggregatesAreRefusedWithTheirName() {
        PlanException distinct = assertThrows(PlanException.class, () -> op(input(false), List.of(0), 0,
                new AggregateCall("count", -1, true, DataType.INT64)));
        assertTrue(distinct.getMessage().contains("DISTINCT"), distinct.getMessage());
        PlanException mode = assertThrows(PlanException.class, () -> op(input(false), List.of(0), 0,
                call("mode", 1, DataType.INT64)));
        assertTrue(mode.getMessage().contains("'mode'"), mode.getMessage());
        PlanException key = assertThrows(PlanException.class, () -> op(input(true), List.of(2), 0,
                call("count", -1, DataType.INT64)));
        assertTrue(key.getMessage().contains("key column 2"), key.getMessage());
    }

    /** Random inserts, updates and deletes of rows inserted before, over 40 keys, some values NULL. */
    static List<Object[]> changes(int n, long seed) {
        Random random = new Random(seed);
        List<Object[]> live = new ArrayList<>();
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = i * 10_000_000L;
            int dice = random.nextInt(10);
            if (dice < 3 && !live.isEmpty()) {
                Object[] old = live.remove(random.nextInt(live.size()));
                if (dice == 0) {
                    out.add(change(RowKind.DELETE, (String) old[0], (Long) old[1], t));
                    continue;
                }
                out.add(change(RowKind.UPDATE_BEFORE, (String) old[0], (Long) old[1], t));
                Object[] now = {old[0], (long) random.nextInt(100), t};
                live.add(now);
                out.add(change(RowKind.UPDATE_AFTER, (String) now[0], (Long) now[1], t));
            } else {
                Object[] now = {"k" + random.nextInt(40), random.nextInt(8) == 0 ? null : (long) random.nextInt(100), t};
                live.add(now);
                out.add(change(RowKind.INSERT, (String) now[0], (Long) now[1], t));
            }
        }
        return out;
    }

    /**
     * The other aggregate functions over (k, v): statistics, bits, sequences, quantiles, DISTINCT —
     * each keeping state objects per key, taken out exactly on retractions.
     */
    static AggregateCall[] more() {
        DataType f = DataType.FLOAT64;
        return new AggregateCall[] {call("var_samp", 1, f), call("stddev_pop", 1, f),
            new AggregateCall("covar_samp", 1, false, f, List.of(1), List.of()),
            new AggregateCall("regr_slope", 1, false, f, List.of(1), List.of()),
            call("bit_or", 1, DataType.INT64), call("bit_xor", 1, DataType.INT64),
            call("median", 1, DataType.INT64),
            new AggregateCall("approx_percentile_cont", 1, false, DataType.INT64, List.of(), List.of("0.9")),
            call("array_agg", 1, DataType.list(DataType.INT64)),
            new AggregateCall("string_agg", 0, false, DataType.UTF8, List.of(), List.of(",")),
            call("first_value", 1, DataType.INT64), call("last_value", 1, DataType.INT64),
            new AggregateCall("nth_value", 1, false, DataType.INT64, List.of(), List.of("2")),
            new AggregateCall("count", 1, true, DataType.INT64), new AggregateCall("sum", 1, true, DataType.INT64),
            call("approx_distinct", 1, DataType.UINT64)};
    }

    @Test
    void retractionsComeOutOfTheOtherFunctionsExactly() throws Exception {
        AggregateCall[] aggs = {call("median", 1, DataType.INT64), call("bit_or", 1, DataType.INT64),
            new AggregateCall("count", 1, true, DataType.INT64), call("var_pop", 1, DataType.FLOAT64),
            call("array_agg", 1, DataType.list(DataType.INT64))};
        UpdatingAggregator op = op(input(true), List.of(0), 0, aggs);
        op.collect(change(RowKind.INSERT, "a", 1L, S));
        op.collect(change(RowKind.INSERT, "a", 4L, S));
        op.collect(change(RowKind.INSERT, "a", 4L, S));
        op.collect(change(RowKind.INSERT, "a", 2L, S));
        now[0] = FLUSH;
        op.flush();
        assertEquals(List.of("+I[a, 3, 7, 3, 1.6875, [1, 4, 4, 2]]@" + S), out.take());
        op.collect(change(RowKind.UPDATE_BEFORE, "a", 4L, S));
        op.collect(change(RowKind.UPDATE_BEFORE, "a", 2L, S));
        now[0] = 2 * FLUSH;
        op.flush();
        assertEquals(List.of("-U[a, 3, 7, 3, 1.6875, [1, 4, 4, 2]]@" + S, "+U[a, 2, 5, 2, 2.25, [1, 4]]@" + S),
                out.take());
    }

    @Test
    void aRestoredOperatorContinuesExactlyAsTheUninterruptedOne() throws Exception {
        restoresExactly(all());
    }

    @Test
    void theOtherFunctionsRestoreExactly() throws Exception {
        restoresExactly(more());
    }

    void restoresExactly(AggregateCall... aggs) throws Exception {
        List<Object[]> rows = changes(6000, 7);
        Changes whole = new Changes(true);
        Changes first = new Changes(true);
        UpdatingAggregator uninterrupted = op(input(true), List.of(0), S / 2, whole, aggs);
        UpdatingAggregator before = op(input(true), List.of(0), S / 2, first, aggs);
        int cut = 3500;
        for (int i = 0; i < cut; i++) {
            uninterrupted.collect(rows.get(i));
            before.collect(rows.get(i));
            if (i % 500 == 499) {
                // emissions and watermarks (which forget keys idle for half a second) at the same points
                uninterrupted.snapshot(0);
                before.snapshot(0);
                uninterrupted.watermark((Long) rows.get(i)[3]);
                before.watermark((Long) rows.get(i)[3]);
            }
        }
        StateWriter state = before.snapshot(1);
        uninterrupted.snapshot(1);
        assertEquals(first.events, whole.events);
        Changes second = new Changes(true);
        UpdatingAggregator restored = op(input(true), List.of(0), S / 2, second, aggs);
        try (StateReader in = new StateReader(state.stream())) {
            restored.restore(in);
            in.expectEnd("the updating aggregate");
        }
        assertEquals(before.keyCount(), restored.keyCount());
        assertTrue(restored.keyCount() > 20, "the state holds keys: " + restored.keyCount());
        whole.events.clear();
        for (int i = cut; i < rows.size(); i++) {
            uninterrupted.collect(rows.get(i));
            restored.collect(rows.get(i));
            if (i % 500 == 499) {
                uninterrupted.snapshot(0);
                restored.snapshot(0);
                uninterrupted.watermark((Long) rows.get(i)[3]);
                restored.watermark((Long) rows.get(i)[3]);
            }
        }
        uninterrupted.watermark(Watermarks.END);
        restored.watermark(Watermarks.END);
        assertTrue(whole.events.size() > 100, "changes after the restore: " + whole.events.size());
        assertEquals(whole.events, second.events);
    }

    @Test
    void checkpointedAtTwoSubtasksAndRestoredAtThreeTheResultIsTheUninterruptedOnes() throws Exception {
        rescalesExactly(all());
    }

    @Test
    void theOtherFunctionsRescaleExactly() throws Exception {
        rescalesExactly(more());
    }

    void rescalesExactly(AggregateCall... aggs) throws Exception {
        List<Object[]> rows = changes(4000, 13);
        int[] keys = {0};
        Changes whole = new Changes(true);
        UpdatingAggregator uninterrupted = op(input(true), List.of(0), 0, whole, aggs);
        Changes split = new Changes(true);
        List<UpdatingAggregator> two = List.of(op(input(true), List.of(0), 0, split, aggs),
                op(input(true), List.of(0), 0, split, aggs));
        int cut = 2500;
        for (Object[] r : rows.subList(0, cut)) {
            uninterrupted.collect(r);
            two.get(KeyRange.subtaskOf(Partitioners.hash(r, keys), 2)).collect(r);
        }
        List<StateWriter> states = List.of(two.get(0).snapshot(1), two.get(1).snapshot(1));
        List<UpdatingAggregator> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UpdatingAggregator op = op(input(true), List.of(0), 0, split, aggs);
            KeyRange owned = new KeyRange(i, 3);
            List<StatePart> parts = new ArrayList<>();
            for (int old = 0; old < 2; old++) {
                if (owned.overlaps(new KeyRange(old, 2))) {
                    parts.add(new StatePart(new KeyRange(old, 2), new StateReader(states.get(old).toByteArray())));
                }
            }
            op.restore(parts, owned);
            three.add(op);
        }
        assertEquals(two.get(0).keyCount() + two.get(1).keyCount(),
                three.stream().mapToInt(UpdatingAggregator::keyCount).sum(), "each key went to one new subtask");
        for (Object[] r : rows.subList(cut, rows.size())) {
            uninterrupted.collect(r);
            three.get(KeyRange.subtaskOf(Partitioners.hash(r, keys), 3)).collect(r);
        }
        uninterrupted.finish();
        for (UpdatingAggregator op : three) {
            op.finish();
        }
        assertEquals(Changes.apply(whole.rows), Changes.apply(split.rows));
    }

    @Test
    void aSnapshotOfTheWrongOperatorIsRefused() throws Exception {
        UpdatingAggregator op = op(input(false), List.of(0), 0, call("count", -1, DataType.INT64));
        StateWriter other = new StateWriter();
        other.writeInt(42);
        IOException e = assertThrows(IOException.class, () -> op.restore(new StateReader(other.toByteArray())));
        assertTrue(e.getMessage().contains("not the state of an updating aggregate"), e.getMessage());
        StateWriter twoAggregates = op(input(false), List.of(0), 0, call("count", -1, DataType.INT64),
                call("count", 1, DataType.INT64)).snapshot(1);
        e = assertThrows(IOException.class, () -> op.restore(new StateReader(twoAggregates.toByteArray())));
        assertTrue(e.getMessage().contains("the query changed"), e.getMessage());
    }
}
