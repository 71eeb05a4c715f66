package org.wadi.worker.internal.over;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.SortKey;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.plan.WindowFunctionOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.runtime.StatefulOperator;

/** Sorting and partitioning by every kind of value, through the operator: its order and its ranks. */
class ValueOrderTest {

    static final long T = OverHarness.S - 1;
    static final List<WindowFunctionCall> RANK = List.of(new WindowFunctionCall("rank", -1, 0, null, DataType.INT64));

    /** The values of one column of {@code type}, as sorted ascending NULLS FIRST, with their ranks. */
    static List<String> sorted(DataType type, Object... values) throws Exception {
        return run(type, List.of(), List.of(new SortKey(0, false, true)), values);
    }

    static List<String> run(DataType type, List<Integer> keys, List<SortKey> orderBy, Object... values)
            throws Exception {
        Schema input = Schema.of(Field.of("x", type), new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));
        List<Object[]> rows = new ArrayList<>();
        StatefulOperator op = WindowFunctions.create("over_1", new WindowFunctionOperator(input, keys, orderBy, RANK,
                OverHarness.output(input, RANK)), new CollectRows(rows));
        for (Object v : values) {
            op.collect(new Object[] {v, T});
        }
        op.finish();
        List<String> out = new ArrayList<>();
        for (Object[] r : rows) {
            String v = r[0] instanceof byte[] b ? Arrays.toString(b) : Arrays.deepToString(new Object[] {r[0]});
            out.add(v + "#" + r[1]);
        }
        return out;
    }

    @Test
    void numbersSortByValue() throws Exception {
        assertEquals(List.of("[null]#1", "[-5]#2", "[2]#3", "[2]#3", "[10]#5"),
                sorted(DataType.INT64, 10L, 2L, null, -5L, 2L));
        assertEquals(List.of("[1]#1", "[9223372036854775807]#2", "[-1]#3"),
                sorted(DataType.UINT64, -1L, Long.MAX_VALUE, 1L), "UINT64 unsigned: -1 is 2^64-1");
        assertEquals(List.of("[-2.5]#1", "[1.0]#2", "[1.00]#2", "[10]#4"), sorted(DataType.decimal(10, 2),
                new BigDecimal("10"), new BigDecimal("1.0"), new BigDecimal("-2.5"), new BigDecimal("1.00")));
        assertEquals(List.of("[-Infinity]#1", "[-0.0]#2", "[0.0]#2", "[1.5]#4", "[NaN]#5", "[NaN]#5"),
                sorted(DataType.FLOAT64, Double.NaN, -0.0, 1.5, 0.0, Double.NEGATIVE_INFINITY, Double.NaN),
                "-0.0 and 0.0 are peers; NaN above every number");
        assertEquals(List.of("[-1.0]#1", "[2.0]#2"), sorted(DataType.FLOAT32, 2.0f, -1.0f));
        assertEquals(List.of("[-3]#1", "[7]#2"), sorted(DataType.INT32, 7, -3));
        assertEquals(List.of("[-3]#1", "[7]#2"), sorted(DataType.INT16, (short) 7, (short) -3));
        assertEquals(List.of("[-3]#1", "[7]#2"), sorted(DataType.INT8, (byte) 7, (byte) -3));
        assertEquals(List.of("[-1000]#1", "[5]#2"), sorted(DataType.TIMESTAMP, 5L, -1000L));
        assertEquals(List.of("[3]#1", "[40]#2"), sorted(DataType.DATE, 40, 3));
    }

    @Test
    void stringsSortByCodePointBooleansFalseFirstBinaryUnsigned() throws Exception {
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FF5E, as in UTF-8
        assertEquals(List.of("[B]#1", "[a]#2", "[ab]#3", "[～]#4", "[\uD83D\uDE00]#5"),
                sorted(DataType.UTF8, "\uD83D\uDE00", "ab", "～", "a", "B"));
        assertEquals(List.of("[false]#1", "[true]#2", "[true]#2"), sorted(DataType.BOOLEAN, true, false, true));
        assertEquals(List.of("[1, 2]#1", "[1, 2, 0]#2", "[127]#3", "[-128]#4", "[-1]#5"), sorted(DataType.BINARY,
                new byte[] {-1}, new byte[] {127}, new byte[] {1, 2, 0}, new byte[] {-128}, new byte[] {1, 2}));
    }

    @Test
    void structsAndListsSortFieldByField() throws Exception {
        assertEquals(List.of("[[1, null]]#1", "[[1, 2]]#2", "[[1, 2]]#2", "[[2, 0]]#4"),
                sorted(WindowAggregateOperator.WINDOW_TYPE, new Object[] {1L, 2L}, new Object[] {2L, 0L},
                        new Object[] {1L, null}, new Object[] {1L, 2L}));
        assertEquals(List.of("[[]]#1", "[[1]]#2", "[[1, 0]]#3", "[[2]]#4"),
                sorted(DataType.list(DataType.INT64), List.of(2L), List.of(1L, 0L), List.of(), List.of(1L)));
    }

    @Test
    void descendingNullsLast() throws Exception {
        assertEquals(List.of("[3]#1", "[1]#2", "[null]#3"),
                run(DataType.INT64, List.of(), List.of(new SortKey(0, true, false)), 1L, null, 3L));
    }

    @Test
    void partitionsGroupEqualValuesWhateverTheirForm() throws Exception {
        // partitioned by x and not ordered: each row's rank is 1, and each partition's rows are together
        assertEquals(List.of("[[0, 1]]#1", "[[0, 1]]#1", "[[1, 2]]#1"), run(WindowAggregateOperator.WINDOW_TYPE,
                List.of(0), List.of(), new Object[] {0L, 1L}, new Object[] {1L, 2L}, new Object[] {0L, 1L}));
        assertEquals(List.of("[0.0]#1", "[-0.0]#1", "[NaN]#1", "[NaN]#1"),
                run(DataType.FLOAT64, List.of(0), List.of(), 0.0, Double.NaN, -0.0, Double.NaN));
        assertEquals(List.of("[1.0]#1", "[1.00]#1", "[2]#1"), run(DataType.decimal(10, 2), List.of(0), List.of(),
                new BigDecimal("1.0"), new BigDecimal("2"), new BigDecimal("1.00")));
        assertEquals(List.of("[1, 2]#1", "[1, 2]#1", "[3]#1"), run(DataType.BINARY, List.of(0), List.of(),
                new byte[] {1, 2}, new byte[] {3}, new byte[] {1, 2}));
        assertEquals(List.of("[null]#1", "[null]#1", "[x]#1"),
                run(DataType.UTF8, List.of(0), List.of(), null, "x", null));
    }

    @Test
    void manyPartitionsInOneWindowEachGetTheirOwnRows() throws Exception {
        Object[] values = new Object[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) (i % 1000);
        }
        List<String> out = run(DataType.INT64, List.of(0), List.of(new SortKey(0, false, false)), values);
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            for (int j = 0; j < 3; j++) {
                expected.add("[" + k + "]#1");
            }
        }
        assertEquals(expected, out);
    }
}
