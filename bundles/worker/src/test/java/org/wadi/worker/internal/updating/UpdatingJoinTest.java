package org.wadi.worker.internal.updating;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.JoinKind;
import org.wadi.spi.plan.JoinOperator;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.RowKind;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.join.JoinCondition;
import org.wadi.worker.internal.join.Joins;
import org.wadi.worker.internal.runtime.KeyRange;
import org.wadi.worker.internal.runtime.Partitioners;
import org.wadi.worker.internal.runtime.StatePart;
import org.wadi.worker.internal.runtime.Watermarks;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/** The updating join driven directly: rows of both inputs in, joined rows and their retractions out. */
class UpdatingJoinTest {

    static final long S = 1_000_000_000L;

    /** Left: id, name, _timestamp (append) or id, name, _op, _timestamp (updating). */
    static Schema left(boolean updating) {
        Schema s = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8)).withTimestamp();
        return updating ? s.withOp() : s;
    }

    /** Right: seller, price, _timestamp (append) or with _op. */
    static Schema right(boolean updating) {
        Schema s = Schema.of(Field.of("seller", DataType.INT64), Field.of("price", DataType.INT64)).withTimestamp();
        return updating ? s.withOp() : s;
    }

    static Schema output(boolean updating) {
        Schema s = Schema.of(Field.of("id", DataType.INT64), Field.of("name", DataType.UTF8),
                Field.of(JoinOperator.LEFT_TIMESTAMP, DataType.TIMESTAMP), Field.of("seller", DataType.INT64),
                Field.of("price", DataType.INT64), Field.of(JoinOperator.RIGHT_TIMESTAMP, DataType.TIMESTAMP))
                .withTimestamp();
        return updating ? s.withOp() : s;
    }

    /** price > 10: over the concatenated rows as received, the right's price is at 1 of its row. */
    static final JoinCondition EXPENSIVE = new JoinCondition() {
        @Override
        public boolean test(Object[] left, Object[] right) {
            return (Long) right[1] > 10;
        }
    };

    static JoinOperator spec(JoinType type, boolean leftUpdating, boolean rightUpdating, long ttl) {
        boolean updating = leftUpdating || rightUpdating || type != JoinType.INNER;
        return new JoinOperator(JoinKind.UPDATING, type, left(leftUpdating), right(rightUpdating), List.of(0),
                List.of(0), null, 0, 0, ttl, output(updating));
    }

    Changes out;

    Joins.Join join(JoinType type, boolean leftUpdating, boolean rightUpdating) throws PlanException {
        return join(spec(type, leftUpdating, rightUpdating, 0), null);
    }

    Joins.Join join(JoinOperator spec, JoinCondition condition) throws PlanException {
        out = new Changes(spec.updating());
        return UpdatingJoin.create("join_1", spec, condition, out);
    }

    static Object[] person(Long id, String name, long t) {
        return new Object[] {id, name, t};
    }

    static Object[] person(int kind, Long id, String name, long t) {
        return new Object[] {id, name, RowKind.of(kind), t};
    }

    static Object[] auction(Long seller, long price, long t) {
        return new Object[] {seller, price, t};
    }

    static Object[] auction(int kind, Long seller, long price, long t) {
        return new Object[] {seller, price, RowKind.of(kind), t};
    }

    @Test
    void anInnerJoinOfAppendInputsEmitsAppendsWhicheverSideComesFirst() throws Exception {
        Joins.Join j = join(JoinType.INNER, false, false);
        j.collect(1, auction(1L, 5, 10));
        j.collect(0, person(1L, "ann", 20));
        j.collect(0, person(2L, "bob", 5));
        j.collect(1, auction(2L, 7, 3));
        j.collect(1, auction(2L, 7, 3)); // the same row twice counts twice
        j.collect(1, auction(3L, 9, 3));
        assertEquals(List.of("[1, ann, 20, 1, 5, 10]@20", "[2, bob, 5, 2, 7, 3]@5", "[2, bob, 5, 2, 7, 3]@5"),
                out.take());
        j.collect(0, person(2L, "bea", 6));
        assertEquals(List.of("[2, bea, 6, 2, 7, 3]@6", "[2, bea, 6, 2, 7, 3]@6"), out.take());
    }

    @Test
    void retractionsOfAnUpdatingInputDeleteTheJoinedRowsTheyProduced() throws Exception {
        Joins.Join j = join(JoinType.INNER, false, true);
        j.collect(0, person(1L, "ann", 1));
        j.collect(1, auction(RowKind.INSERT, 1L, 5, 2));
        j.collect(1, auction(RowKind.INSERT, 1L, 5, 3));
        assertEquals(List.of("+I[1, ann, 1, 1, 5, 2]@2", "+I[1, ann, 1, 1, 5, 3]@3"), out.take());
        // an update: the oldest equal row (equal columns, whatever its event time) goes, the new one comes
        j.collect(1, auction(RowKind.UPDATE_BEFORE, 1L, 5, 9));
        j.collect(1, auction(RowKind.UPDATE_AFTER, 1L, 6, 9));
        assertEquals(List.of("-D[1, ann, 1, 1, 5, 2]@2", "+I[1, ann, 1, 1, 6, 9]@9"), out.take());
        j.collect(1, auction(RowKind.DELETE, 1L, 5, 10));
        j.collect(1, auction(RowKind.DELETE, 1L, 5, 10)); // no such row left: nothing
        j.collect(1, auction(RowKind.DELETE, 4L, 5, 10)); // no such key: nothing
        assertEquals(List.of("-D[1, ann, 1, 1, 5, 3]@3"), out.take());
        j.collect(0, person(1L, "al", 11));
        assertEquals(List.of("+I[1, al, 11, 1, 6, 9]@11"), out.take());
        j.collect(1, auction(RowKind.DELETE, 1L, 6, 12));
        assertEquals(List.of("-D[1, ann, 1, 1, 6, 9]@9", "-D[1, al, 11, 1, 6, 9]@11"), out.take());
    }

    @Test
    void aLeftJoinPadsARowWithoutPartnerAndRetractsThePaddingWhenOneComes() throws Exception {
        UpdatingJoin j = (UpdatingJoin) join(JoinType.LEFT, false, true);
        j.collect(0, person(1L, "ann", 1));
        assertEquals(List.of("+I[1, ann, 1, null, null, null]@1"), out.take());
        j.collect(1, auction(RowKind.INSERT, 1L, 5, 2));
        assertEquals(List.of("-D[1, ann, 1, null, null, null]@1", "+I[1, ann, 1, 1, 5, 2]@2"), out.take());
        j.collect(1, auction(RowKind.INSERT, 1L, 6, 3));
        assertEquals(List.of("+I[1, ann, 1, 1, 6, 3]@3"), out.take());
        j.collect(1, auction(RowKind.DELETE, 1L, 5, 4));
        assertEquals(List.of("-D[1, ann, 1, 1, 5, 2]@2"), out.take());
        j.collect(1, auction(RowKind.DELETE, 1L, 6, 5));
        assertEquals(List.of("-D[1, ann, 1, 1, 6, 3]@3", "+I[1, ann, 1, null, null, null]@1"), out.take());
        // a right row without partner is not emitted in a LEFT join
        j.collect(1, auction(RowKind.INSERT, 2L, 7, 6));
        assertEquals(List.of(), out.take());
        j.collect(1, auction(RowKind.DELETE, 2L, 7, 6));
        assertEquals(2, j.keyCount() + j.rowCount(), "key 2 is gone; key 1 holds ann");
    }

    @Test
    void aRetractedOuterRowTakesItsPaddingOrItsMatchesWithIt() throws Exception {
        Joins.Join j = join(JoinType.LEFT, true, false);
        j.collect(0, person(RowKind.INSERT, 1L, "ann", 1));
        j.collect(0, person(RowKind.INSERT, 2L, "bob", 1));
        j.collect(1, auction(2L, 5, 2));
        out.take();
        j.collect(0, person(RowKind.DELETE, 1L, "ann", 3));
        j.collect(0, person(RowKind.UPDATE_BEFORE, 2L, "bob", 3));
        j.collect(0, person(RowKind.UPDATE_AFTER, 2L, "bo", 3));
        assertEquals(List.of("-D[1, ann, 1, null, null, null]@1", "-D[2, bob, 1, 2, 5, 2]@2",
                "+I[2, bo, 3, 2, 5, 2]@3"), out.take());
    }

    @Test
    void aRightJoinPadsTheRightSide() throws Exception {
        Joins.Join j = join(JoinType.RIGHT, false, false);
        j.collect(1, auction(1L, 5, 2));
        j.collect(0, person(2L, "bob", 1));
        assertEquals(List.of("+I[null, null, null, 1, 5, 2]@2"), out.take());
        j.collect(0, person(1L, "ann", 3));
        assertEquals(List.of("-D[null, null, null, 1, 5, 2]@2", "+I[1, ann, 3, 1, 5, 2]@3"), out.take());
    }

    @Test
    void aFullJoinPadsBothSides() throws Exception {
        Joins.Join j = join(JoinType.FULL, true, true);
        j.collect(0, person(RowKind.INSERT, 1L, "ann", 1));
        j.collect(1, auction(RowKind.INSERT, 2L, 5, 2));
        j.collect(1, auction(RowKind.INSERT, 1L, 6, 3));
        j.collect(0, person(RowKind.DELETE, 1L, "ann", 4));
        assertEquals(List.of("+I[1, ann, 1, null, null, null]@1", "+I[null, null, null, 2, 5, 2]@2",
                "-D[1, ann, 1, null, null, null]@1", "+I[1, ann, 1, 1, 6, 3]@3",
                "-D[1, ann, 1, 1, 6, 3]@3", "+I[null, null, null, 1, 6, 3]@3"), out.take());
    }

    @Test
    void nullKeysMatchNothingAndOnlyOuterSidesKeepThem() throws Exception {
        UpdatingJoin inner = (UpdatingJoin) join(JoinType.INNER, false, false);
        inner.collect(0, person(null, "nobody", 1));
        inner.collect(1, auction(null, 5, 2));
        assertEquals(List.of(), out.take());
        assertEquals(0, inner.rowCount());
        UpdatingJoin full = (UpdatingJoin) join(JoinType.FULL, true, false);
        full.collect(0, person(RowKind.INSERT, null, "nobody", 1));
        full.collect(1, auction(null, 5, 2));
        full.collect(0, person(RowKind.DELETE, null, "nobody", 3));
        full.collect(0, person(RowKind.DELETE, null, "nobody", 4)); // no such row left: nothing
        // the retraction deletes exactly the padded row emitted before, its event time included
        assertEquals(List.of("+I[null, nobody, 1, null, null, null]@1", "+I[null, null, null, null, 5, 2]@2",
                "-D[null, nobody, 1, null, null, null]@1"), out.take());
        assertEquals(1, full.rowCount(), "the auction, kept for its padded row");
    }

    @Test
    void theConditionDecidesWhichPairsOfEqualKeysMatch() throws Exception {
        Joins.Join j = join(spec(JoinType.LEFT, false, true, 0), EXPENSIVE);
        j.collect(0, person(1L, "ann", 1));
        j.collect(1, auction(RowKind.INSERT, 1L, 5, 2));
        assertEquals(List.of("+I[1, ann, 1, null, null, null]@1"), out.take(), "5 is not > 10: still unmatched");
        j.collect(1, auction(RowKind.INSERT, 1L, 50, 3));
        j.collect(1, auction(RowKind.DELETE, 1L, 5, 4));
        assertEquals(List.of("-D[1, ann, 1, null, null, null]@1", "+I[1, ann, 1, 1, 50, 3]@3"), out.take());
        j.collect(0, person(1L, "al", 5));
        assertEquals(List.of("+I[1, al, 5, 1, 50, 3]@5"), out.take());
    }

    @Test
    void keysWithoutNewRowsForTheTtlAreForgottenOnBothSides() throws Exception {
        UpdatingJoin j = (UpdatingJoin) join(spec(JoinType.INNER, false, false, 10 * S), null);
        j.collect(0, person(1L, "ann", S));
        j.collect(1, auction(1L, 5, 2 * S));
        j.collect(0, person(2L, "bob", S));
        j.collect(1, auction(2L, 5, 9 * S));
        out.take();
        j.watermark(12 * S - 1);
        assertEquals(4, j.rowCount());
        j.watermark(12 * S);
        assertEquals(List.of("wm " + (12 * S - 1), "wm " + 12 * S), out.events, "silently");
        assertEquals(2, j.rowCount(), "key 1's newest row is 10 s behind");
        j.collect(1, auction(1L, 6, 13 * S));
        j.collect(0, person(2L, "bea", 13 * S));
        assertEquals(List.of("[2, bea, " + 13 * S + ", 2, 5, " + 9 * S + "]@" + 13 * S), out.take());
    }

    @Test
    void watermarksBarriersAndTheEndPassOn() throws Exception {
        Joins.Join j = join(JoinType.INNER, false, false);
        j.watermark(5);
        j.watermark(Watermarks.IDLE);
        j.barrier(3, false);
        j.watermark(Watermarks.END);
        j.finish();
        assertEquals(List.of("wm 5", "wm idle", "barrier 3", "wm end", "finish"), out.events);
    }

    @Test
    void plansTheJoinCannotRunAreRefused() {
        JoinOperator outerAppend = new JoinOperator(JoinKind.UPDATING, JoinType.LEFT, left(false), right(false),
                List.of(0), List.of(0), null, 0, 0, 0, output(false));
        PlanException e = assertThrows(PlanException.class, () -> join(outerAppend, null));
        assertTrue(e.getMessage().contains("must be updating"), e.getMessage());
        JoinOperator window = new JoinOperator(JoinKind.WINDOW, JoinType.INNER, left(false), right(false),
                List.of(0), List.of(0), null, 0, 0, 0, output(false));
        e = assertThrows(PlanException.class, () -> join(window, null));
        assertTrue(e.getMessage().contains("not an UPDATING one"), e.getMessage());
        JoinOperator badKey = new JoinOperator(JoinKind.UPDATING, JoinType.INNER, left(false), right(false),
                List.of(2), List.of(0), null, 0, 0, 0, output(false));
        e = assertThrows(PlanException.class, () -> join(badKey, null));
        assertTrue(e.getMessage().contains("left key column 2"), e.getMessage());
    }

    /** Random changes to both sides of a full join: 30 keys, some NULL, retractions of rows sent before. */
    static List<Object[]> changes(int n, long seed) {
        Random random = new Random(seed);
        List<List<Object[]>> live = List.of(new ArrayList<>(), new ArrayList<>());
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int side = random.nextInt(2);
            long t = i * 10_000_000L;
            List<Object[]> mine = live.get(side);
            if (random.nextInt(3) == 0 && !mine.isEmpty()) {
                Object[] old = mine.remove(random.nextInt(mine.size()));
                out.add(new Object[] {side, new Object[] {old[0], old[1], RowKind.of(RowKind.DELETE), t}});
            } else {
                Long key = random.nextInt(20) == 0 ? null : (long) random.nextInt(30);
                Object value = side == 0 ? "n" + random.nextInt(5) : (Object) (long) random.nextInt(20);
                mine.add(new Object[] {key, value});
                out.add(new Object[] {side, new Object[] {key, value, RowKind.of(RowKind.INSERT), t}});
            }
        }
        return out;
    }

    @Test
    void aRestoredJoinContinuesExactlyAsTheUninterruptedOne() throws Exception {
        JoinOperator spec = spec(JoinType.FULL, true, true, S / 2);
        List<Object[]> rows = changes(6000, 11);
        Changes whole = new Changes(true);
        Changes first = new Changes(true);
        Changes second = new Changes(true);
        Joins.Join uninterrupted = UpdatingJoin.create("j", spec, EXPENSIVE, whole);
        Joins.Join before = UpdatingJoin.create("j", spec, EXPENSIVE, first);
        Joins.Join restored = UpdatingJoin.create("j", spec, EXPENSIVE, second);
        int cut = 3500;
        for (int i = 0; i < rows.size(); i++) {
            if (i == cut) {
                StateWriter state = before.snapshot(1);
                try (StateReader in = new StateReader(state.stream())) {
                    restored.restore(in);
                    in.expectEnd("the updating join");
                }
                assertEquals(first.events, whole.events);
                assertTrue(((UpdatingJoin) restored).rowCount() > 100, "rows kept: "
                        + ((UpdatingJoin) restored).rowCount());
                whole.events.clear();
            }
            Object[] r = rows.get(i);
            Joins.Join current = i < cut ? before : restored;
            uninterrupted.collect((Integer) r[0], (Object[]) r[1]);
            current.collect((Integer) r[0], (Object[]) r[1]);
            if (i % 500 == 499) {
                // forgets keys without rows for half a second of event time
                uninterrupted.watermark(i * 10_000_000L);
                current.watermark(i * 10_000_000L);
            }
        }
        assertTrue(whole.events.size() > 1000, "changes after the restore: " + whole.events.size());
        assertEquals(whole.events, second.events);
    }

    @Test
    void checkpointedAtTwoSubtasksAndRestoredAtThreeTheResultIsTheUninterruptedOnes() throws Exception {
        JoinOperator spec = spec(JoinType.FULL, true, true, 0);
        List<Object[]> rows = changes(4000, 17);
        int[] keys = {0};
        Changes whole = new Changes(true);
        Joins.Join uninterrupted = UpdatingJoin.create("j", spec, EXPENSIVE, whole);
        Changes split = new Changes(true);
        List<Joins.Join> two = List.of(UpdatingJoin.create("j", spec, EXPENSIVE, split),
                UpdatingJoin.create("j", spec, EXPENSIVE, split));
        int cut = 2500;
        for (Object[] r : rows.subList(0, cut)) {
            Object[] row = (Object[]) r[1];
            uninterrupted.collect((Integer) r[0], row);
            two.get(KeyRange.subtaskOf(Partitioners.hash(row, keys), 2)).collect((Integer) r[0], row);
        }
        List<StateWriter> states = List.of(two.get(0).snapshot(1), two.get(1).snapshot(1));
        List<Joins.Join> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Joins.Join join = UpdatingJoin.create("j", spec, EXPENSIVE, split);
            KeyRange owned = new KeyRange(i, 3);
            List<StatePart> parts = new ArrayList<>();
            for (int old = 0; old < 2; old++) {
                if (owned.overlaps(new KeyRange(old, 2))) {
                    parts.add(new StatePart(new KeyRange(old, 2), new StateReader(states.get(old).toByteArray())));
                }
            }
            join.restore(parts, owned);
            three.add(join);
        }
        assertEquals(((UpdatingJoin) two.get(0)).rowCount() + ((UpdatingJoin) two.get(1)).rowCount(),
                three.stream().mapToInt(j -> ((UpdatingJoin) j).rowCount()).sum(), "each row went to one new subtask");
        for (Object[] r : rows.subList(cut, rows.size())) {
            Object[] row = (Object[]) r[1];
            uninterrupted.collect((Integer) r[0], row);
            three.get(KeyRange.subtaskOf(Partitioners.hash(row, keys), 3)).collect((Integer) r[0], row);
        }
        assertEquals(Changes.apply(whole.rows), Changes.apply(split.rows));
    }

    @Test
    void everyChangeKeepsTheResultEqualToTheJoinOfWhatIsLeft() throws Exception {
        // without TTL, the changelog applied to an empty table is the full join of the rows not retracted
        // (compared without the sides' event times: which of two equal rows a retraction takes is free)
        List<Object[]> rows = changes(3000, 5);
        UpdatingJoin j = (UpdatingJoin) join(spec(JoinType.FULL, true, true, 0), EXPENSIVE);
        List<Object[]> lefts = new ArrayList<>();
        List<Object[]> rights = new ArrayList<>();
        for (Object[] r : rows) {
            int side = (Integer) r[0];
            Object[] row = (Object[]) r[1];
            j.collect(side, row);
            List<Object[]> mine = side == 0 ? lefts : rights;
            if (RowKind.isAddition((Integer) row[2])) {
                mine.add(row);
            } else {
                for (int i = 0; i < mine.size(); i++) {
                    if (Objects.equals(mine.get(i)[0], row[0]) && mine.get(i)[1].equals(row[1])) {
                        mine.remove(i);
                        break;
                    }
                }
            }
        }
        List<String> expected = new ArrayList<>();
        boolean[] rightMatched = new boolean[rights.size()];
        for (Object[] l : lefts) {
            boolean matched = false;
            for (int i = 0; i < rights.size(); i++) {
                Object[] r = rights.get(i);
                if (l[0] != null && l[0].equals(r[0]) && (Long) r[1] > 10) {
                    matched = true;
                    rightMatched[i] = true;
                    expected.add(List.of(l[0], l[1], r[0], r[1]).toString());
                }
            }
            if (!matched) {
                expected.add(Arrays.asList(l[0], l[1], null, null).toString());
            }
        }
        for (int i = 0; i < rights.size(); i++) {
            if (!rightMatched[i]) {
                Object[] r = rights.get(i);
                expected.add(Arrays.asList(null, null, r[0], r[1]).toString());
            }
        }
        Collections.sort(expected);
        List<Object[]> withoutSideTimes = out.rows.stream().map(r -> new Object[] {r[0], r[1], r[3], r[4], r[6], r[7]})
                .toList();
        assertEquals(expected, Changes.lines(Changes.apply(withoutSideTimes)));
    }
}
