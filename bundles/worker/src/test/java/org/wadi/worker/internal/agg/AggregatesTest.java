package org.wadi.worker.internal.agg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * Every aggregate function on a few rows with hand-computed results (DataFusion's semantics), and
 * for all of them the laws the operators rely on: combining two groups gives the result over all
 * their rows, a retraction gives the result without the row, a snapshot restores the same results,
 * and a copy changes independently.
 */
class AggregatesTest {

    /** i BIGINT, d DOUBLE, s TEXT, b BOOLEAN, y DOUBLE, dec DECIMAL(10, 2), _timestamp. */
    static final Schema INPUT = Schema.of(Field.of("i", DataType.INT64), Field.of("d", DataType.FLOAT64),
            Field.of("s", DataType.UTF8), Field.of("b", DataType.BOOLEAN), Field.of("y", DataType.FLOAT64),
            Field.of("dec", DataType.decimal(10, 2))).withTimestamp();

    static final List<Object[]> ROWS = List.of(
            row(1L, 1.0, "a", true, 2.0, "1.50"),
            row(2L, 2.0, "b", true, 4.0, "2.50"),
            row(3L, 3.0, null, false, 5.0, null),
            row(4L, 4.0, "c", true, 4.0, "3.00"),
            row(null, null, "a", null, null, "1.00"));

    static Object[] row(Long i, Double d, String s, Boolean b, Double y, String dec) {
        return new Object[] {i, d, s, b, y, dec == null ? null : new BigDecimal(dec), 0L};
    }

    static AggregateCall call(String fn, int arg, DataType type) {
        return new AggregateCall(fn, arg, false, type);
    }

    static AggregateCall call(String fn, int arg, int second, DataType type) {
        return new AggregateCall(fn, arg, false, type, List.of(second), List.of());
    }

    static AggregateCall call(String fn, int arg, DataType type, String parameter) {
        return new AggregateCall(fn, arg, false, type, List.of(), List.of(parameter));
    }

    static AggregateCall distinct(String fn, int arg, DataType type, String... parameters) {
        return new AggregateCall(fn, arg, true, type, List.of(), List.of(parameters));
    }

    static final DataType F = DataType.FLOAT64;
    static final DataType L = DataType.INT64;

    /** Each call with its result over {@link #ROWS}. */
    static final Object[][] EXAMPLES = {
        {call("count", -1, L), 5L},
        {call("count", 0, L), 4L},
        {call("sum", 0, L), 10L},
        {call("avg", 0, F), 2.5},
        {call("min", 2, DataType.UTF8), "a"},
        {call("max", 5, DataType.decimal(10, 2)), new BigDecimal("3.00")},
        {call("var_samp", 0, F), 5.0 / 3},
        {call("var_pop", 0, F), 1.25},
        {call("stddev_samp", 0, F), Math.sqrt(5.0 / 3)},
        {call("stddev_pop", 1, F), Math.sqrt(1.25)},
        {call("covar_samp", 4, 1, F), 3.5 / 3},
        {call("covar_pop", 4, 1, F), 0.875},
        {call("corr", 4, 1, F), 3.5 / Math.sqrt(5 * 4.75)},
        {call("regr_count", 4, 1, L), 4L},
        {call("regr_avgx", 4, 1, F), 2.5},
        {call("regr_avgy", 4, 1, F), 3.75},
        {call("regr_sxx", 4, 1, F), 5.0},
        {call("regr_syy", 4, 1, F), 4.75},
        {call("regr_sxy", 4, 1, F), 3.5},
        {call("regr_slope", 4, 1, F), 0.7},
        {call("regr_intercept", 4, 1, F), 2.0},
        {call("regr_r2", 4, 1, F), 12.25 / 23.75},
        {call("bit_and", 0, L), 0L},
        {call("bit_or", 0, L), 7L},
        {call("bit_xor", 0, L), 4L},
        {call("bool_and", 3, DataType.BOOLEAN), false},
        {call("bool_or", 3, DataType.BOOLEAN), true},
        {call("array_agg", 2, DataType.list(DataType.UTF8)), Arrays.asList("a", "b", null, "c", "a")},
        {call("string_agg", 2, DataType.UTF8, "-"), "a-b-c-a"},
        {call("first_value", 0, L), 1L},
        {call("last_value", 0, L), null},
        {call("last_value", 2, DataType.UTF8), "a"},
        {call("nth_value", 0, L, "2"), 2L},
        {call("nth_value", 0, L, "-2"), 4L},
        {call("nth_value", 0, L, "6"), null},
        {call("median", 0, L), 2L},
        {call("median", 1, F), 2.5},
        {call("median", 5, DataType.decimal(10, 2)), new BigDecimal("2.00")},
        {call("approx_median", 1, F), 2.5},
        {call("approx_percentile_cont", 1, F, "0.25"), 1.75},
        {call("approx_percentile_cont", 0, L, "0.25"), 1L},
        {new AggregateCall("approx_percentile_cont_with_weight", 1, false, F, List.of(4), List.of("0.5")), 3.0},
        {call("approx_distinct", 2, DataType.UINT64), 3L},
        {distinct("count", 2, L), 3L},
        {distinct("sum", 0, L), 10L},
        {distinct("string_agg", 2, DataType.UTF8, ","), "a,b,c"},
        {distinct("avg", 5, DataType.decimal(14, 6)), new BigDecimal("2.000000")},
        // FILTER (WHERE b): rows 1, 2 and 4
        {filtered(call("count", -1, L), 3), 3L},
        {filtered(call("sum", 0, L), 3), 7L},
        {filtered(distinct("count", 2, L), 3), 3L},
        {filtered(ordered(call("array_agg", 0, DataType.list(L)), new SortKey(2, false, false)), 3),
            List.of(1L, 2L, 4L)},
        // ORDER BY inside the call: stable, NULLs where the key says
        {ordered(call("array_agg", 0, DataType.list(L)), new SortKey(4, true, true)),
            Arrays.asList(null, 3L, 2L, 4L, 1L)},
        {ordered(call("string_agg", 2, DataType.UTF8, "-"), new SortKey(5, false, false)), "a-a-b-c"},
        {ordered(call("first_value", 2, DataType.UTF8), new SortKey(0, true, false)), "c"},
        {ordered(call("last_value", 0, L), new SortKey(2, false, false)), 3L},
        {ordered(call("nth_value", 0, L, "2"), new SortKey(1, true, false), new SortKey(0, false, false)), 3L},
    };

    /** {@code call} FILTER (WHERE column {@code condition}). */
    static AggregateCall filtered(AggregateCall c, int condition) {
        return new AggregateCall(c.function(), c.argument(), c.distinct(), c.type(), c.moreArguments(),
                c.parameters(), condition, c.orderBy());
    }

    /** {@code call} with ORDER BY {@code keys} inside. */
    static AggregateCall ordered(AggregateCall c, SortKey... keys) {
        return new AggregateCall(c.function(), c.argument(), c.distinct(), c.type(), c.moreArguments(),
                c.parameters(), c.filter(), List.of(keys));
    }

    static AggColumn column(AggregateCall call, boolean retracting) throws PlanException {
        AggColumn c = Aggregates.create(call, INPUT, retracting);
        c.grow(4);
        return c;
    }

    static void assertResult(Object expected, Object actual, String what) {
        if (expected instanceof Double e && actual instanceof Double a) {
            assertEquals(e, a, 1e-9 * Math.max(1, Math.abs(e)), what);
        } else if (expected instanceof List<?> e && actual instanceof List<?> a) {
            assertEquals(e, new ArrayList<>(a), what);
        } else {
            assertEquals(expected, actual, what);
        }
    }

    @Test
    void everyFunctionOnAFewRows() throws PlanException {
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            for (boolean retracting : new boolean[] {false, true}) {
                AggColumn c = column(call, retracting);
                for (Object[] r : ROWS) {
                    c.add(1, r);
                }
                assertResult(example[1], c.result(1), call + (retracting ? " (retracting)" : ""));
            }
        }
    }

    @Test
    void overNoRowsCountsAreZeroAndTheOthersNull() throws PlanException {
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            AggColumn c = column(call, false);
            Object expected = call.function().contains("count") || call.function().equals("approx_distinct") ? 0L : null;
            assertEquals(expected, c.result(0), call.toString());
        }
    }

    @Test
    void samplesOfOneValueAreNullPopulationsZero() throws PlanException {
        AggColumn samp = column(call("var_samp", 0, F), false);
        AggColumn pop = column(call("stddev_pop", 0, F), false);
        samp.add(0, ROWS.get(0));
        pop.add(0, ROWS.get(0));
        assertEquals(null, samp.result(0));
        assertEquals(0.0, pop.result(0));
    }

    /** Random rows over the input's columns, with NULLs and repeated values. */
    static List<Object[]> randomRows(long seed, int n) {
        Random r = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            rows.add(new Object[] {
                r.nextInt(8) == 0 ? null : (long) r.nextInt(40) - 10,
                r.nextInt(8) == 0 ? null : r.nextInt(1000) / 8.0,
                r.nextInt(8) == 0 ? null : "s" + r.nextInt(6),
                r.nextInt(8) == 0 ? null : r.nextBoolean(),
                r.nextInt(8) == 0 ? null : r.nextInt(50) / 4.0 + 1,
                r.nextInt(8) == 0 ? null : BigDecimal.valueOf(r.nextInt(10000), 2),
                0L});
        }
        return rows;
    }

    @Test
    void twoGroupsCombinedAreOneOverAllTheirRows() throws PlanException {
        List<Object[]> rows = randomRows(1, 300);
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            for (boolean retracting : new boolean[] {false, true}) {
                AggColumn whole = column(call, retracting);
                AggColumn first = column(call, retracting);
                AggColumn second = column(call, retracting);
                for (int k = 0; k < rows.size(); k++) {
                    whole.add(0, rows.get(k));
                    (k < 120 ? first : second).add(k < 120 ? 2 : 3, rows.get(k));
                }
                // an empty group combined changes nothing; the earlier rows' group takes the later's
                first.merge(2, second, 0);
                first.merge(2, second, 3);
                assertResult(whole.result(0), first.result(2), call + " combined");
                // into an empty slot
                AggColumn empty = column(call, retracting);
                empty.merge(1, first, 2);
                assertResult(whole.result(0), empty.result(1), call + " combined into an empty slot");
            }
        }
    }

    @Test
    void aRetractedRowIsTakenOutExactly() throws PlanException {
        List<Object[]> rows = randomRows(2, 300);
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            AggColumn kept = column(call, true);
            AggColumn all = column(call, true);
            for (int k = 0; k < rows.size(); k++) {
                all.add(0, rows.get(k));
                if (k % 3 != 1) {
                    kept.add(0, rows.get(k));
                }
            }
            for (int k = 1; k < rows.size(); k += 3) {
                all.retract(0, rows.get(k));
            }
            Object expected = kept.result(0);
            if (call.function().matches("last_value|nth_value")) {
                // which of equal values a retraction takes out is unknown: the result is one of the kept values
                Object got = all.result(0);
                assertTrue(rows.stream().anyMatch(r -> java.util.Objects.equals(got, r[call.argument()])),
                        call + ": " + got);
            } else if (call.function().matches("array_agg|string_agg")) {
                // the same values; in the order of their first arrival, which retractions may change
                expected = sorted(expected);
                assertResult(expected, sorted(all.result(0)), call + " after retractions");
            } else {
                assertResult(expected, all.result(0), call + " after retractions");
            }
            // all rows out: the result over no rows
            AggColumn none = column(call, true);
            for (Object[] r : rows) {
                none.add(0, r);
            }
            for (Object[] r : rows) {
                none.retract(0, r);
            }
            assertResult(column(call, true).result(0), none.result(0), call + " with every row retracted");
        }
    }

    private static Object sorted(Object v) {
        if (v instanceof List<?> l) {
            List<String> s = new ArrayList<>();
            l.forEach(e -> s.add(String.valueOf(e)));
            s.sort(null);
            return s;
        }
        if (v instanceof String s) {
            String[] parts = s.split("[-,]");
            Arrays.sort(parts);
            return String.join("-", parts);
        }
        return v;
    }

    @Test
    void aSnapshotRestoresTheSameResultsAtOtherSlots() throws PlanException, IOException {
        List<Object[]> rows = randomRows(3, 200);
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            for (boolean retracting : new boolean[] {false, true}) {
                AggColumn c = column(call, retracting);
                for (int k = 0; k < rows.size(); k++) {
                    c.add(k % 4, rows.get(k));
                }
                StateWriter out = new StateWriter();
                c.write(out, new int[] {3, 0, 2}, 3);
                AggColumn restored = column(call, retracting);
                restored.grow(8);
                restored.read(new StateReader(out.toByteArray()), 5, 3);
                assertResult(c.result(3), restored.result(5), call + " restored");
                assertResult(c.result(0), restored.result(6), call + " restored");
                assertResult(c.result(2), restored.result(7), call + " restored");
                // a restored group goes on aggregating as the original
                c.add(3, rows.get(0));
                restored.add(5, rows.get(0));
                assertResult(c.result(3), restored.result(5), call + " restored, then a row");
            }
        }
    }

    @Test
    void aCopyChangesIndependently() throws PlanException {
        List<Object[]> rows = randomRows(4, 100);
        for (Object[] example : EXAMPLES) {
            AggregateCall call = (AggregateCall) example[0];
            AggColumn c = column(call, false);
            for (int k = 0; k < 50; k++) {
                c.add(0, rows.get(k));
            }
            Object before = c.result(0);
            AggColumn copy = c.copy();
            for (int k = 50; k < 100; k++) {
                c.add(0, rows.get(k));
            }
            assertResult(before, copy.result(0), call + " copy");
            AggColumn fresh = c.fresh();
            fresh.grow(1);
            assertResult(column(call, false).result(0), fresh.result(0), call + " fresh");
        }
    }

    @Test
    void orderedValuesKeepTheirOrderThroughRetractionsMergesAndSnapshots() throws PlanException, IOException {
        // array_agg(i ORDER BY d DESC NULLS LAST) FILTER (WHERE b) over random rows, checked against a sort
        AggregateCall call = filtered(ordered(call("array_agg", 0, DataType.list(L)), new SortKey(1, true, false)), 3);
        List<Object[]> rows = randomRows(7, 400);
        AggColumn left = column(call, true);
        AggColumn right = column(call, true);
        List<Object[]> kept = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            Object[] r = rows.get(k);
            (k % 2 == 0 ? left : right).add(0, r);
            if (k % 5 == 3) {
                (k % 2 == 0 ? left : right).retract(0, r);
            } else if (Boolean.TRUE.equals(r[3])) {
                kept.add(r);
            }
        }
        StateWriter out = new StateWriter();
        left.write(out, null, 1);
        AggColumn restored = column(call, true);
        restored.read(new StateReader(out.toByteArray()), 0, 1);
        restored.merge(0, right, 0);
        // the expected order: d descending, NULLs last, equal d by arrival (left's rows, then right's)
        List<Object[]> expected = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (Object[] r : kept) {
                if (rows.indexOf(r) % 2 == side) {
                    expected.add(r);
                }
            }
        }
        expected.sort(java.util.Comparator.comparing((Object[] r) -> (Double) r[1],
                java.util.Comparator.nullsLast(java.util.Comparator.<Double>reverseOrder())));
        List<Object> values = new ArrayList<>();
        expected.forEach(r -> values.add(r[0]));
        assertResult(values.isEmpty() ? null : values, restored.result(0), "ordered, filtered, retracted, merged");
        assertTrue(values.size() > 50, "enough rows pass the filter: " + values.size());
    }

    @Test
    void wrongUsesAreRefusedWithWhatIsWrong() {
        assertEquals("ORDER BY inside sum(…) is not supported; it orders the values of array_agg, string_agg, "
                + "first_value, last_value, nth_value", assertThrows(PlanException.class,
                        () -> column(ordered(call("sum", 0, L), new SortKey(1, false, false)), false)).getMessage());
        assertEquals("the FILTER (WHERE …) condition of aggregate sum must be BOOLEAN, not " + DataType.FLOAT64,
                assertThrows(PlanException.class, () -> column(filtered(call("sum", 0, L), 1), false)).getMessage());
        assertEquals("aggregate bit_and over values of type " + DataType.FLOAT64 + " is not supported",
                assertThrows(PlanException.class, () -> column(call("bit_and", 1, F), false)).getMessage());
        assertEquals("approx_percentile_cont: the percentile must be between 0.0 and 1.0 inclusive, 1.5 is invalid",
                assertThrows(PlanException.class,
                        () -> column(call("approx_percentile_cont", 1, F, "1.5"), false)).getMessage());
        assertEquals("nth_value: n must not be 0 (1 is the first value, -1 the last)",
                assertThrows(PlanException.class, () -> column(call("nth_value", 1, F, "0"), false)).getMessage());
        assertTrue(assertThrows(PlanException.class, () -> column(new AggregateCall("corr", 1, true, F, List.of(4),
                List.of()), false)).getMessage().startsWith("DISTINCT applies to aggregates of one argument"));
    }
}
