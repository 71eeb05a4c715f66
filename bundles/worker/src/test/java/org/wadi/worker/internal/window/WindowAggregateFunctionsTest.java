package org.wadi.worker.internal.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.worker.internal.agg.AggColumn;
import org.wadi.worker.internal.agg.Aggregates;
import org.wadi.worker.internal.runtime.Watermarks;

/**
 * The functions that keep state objects per group, in HOP and TUMBLE windows: each window's result
 * is the function over exactly its rows (panes combined in time order, rows in arrival order within
 * a pane), as computed row by row in one fresh group.
 */
class WindowAggregateFunctionsTest {

    static final long S = WindowOperatorTest.S;

    void matchesTheRowsOfEachWindow(long slide, long width) throws Exception {
        AggregateCall[] aggs = WindowRescaleTest.others();
        List<Object[]> rows = WindowSnapshotTest.rows();
        WindowOperatorTest.Recorder out = new WindowOperatorTest.Recorder();
        WindowOperator op = WindowOperatorTest.op(slide == width ? WindowSpec.tumble(width)
                : WindowSpec.hop(slide, width), out, aggs);
        for (Object[] r : rows) {
            op.collect(r);
        }
        op.watermark(Watermarks.END);

        long pane = gcd(slide, width);
        List<Object[]> byPane = new ArrayList<>(rows);
        byPane.sort(Comparator.comparingLong(r -> Math.floorDiv((long) r[2], pane)));
        // window start → key → its rows, in pane order
        Map<Long, Map<Object, List<Object[]>>> windows = new LinkedHashMap<>();
        for (Object[] r : byPane) {
            long t = (long) r[2];
            for (long s = t - Math.floorMod(t, slide); s > t - width; s -= slide) {
                windows.computeIfAbsent(s, x -> new LinkedHashMap<>()).computeIfAbsent(r[0], x -> new ArrayList<>())
                        .add(r);
            }
        }
        List<String> expected = new ArrayList<>();
        for (Map.Entry<Long, Map<Object, List<Object[]>>> w : windows.entrySet()) {
            for (Map.Entry<Object, List<Object[]>> k : w.getValue().entrySet()) {
                List<Object> values = new ArrayList<>();
                values.add(k.getKey());
                for (AggregateCall call : aggs) {
                    AggColumn c = Aggregates.create(call, WindowOperatorTest.INPUT, false);
                    for (Object[] r : k.getValue()) {
                        c.add(0, r);
                    }
                    values.add(c.result(0));
                }
                long start = w.getKey();
                expected.add(values + " [" + start / S + "s," + (start + width) / S + "s) @" + (start + width - 1));
            }
        }
        List<String> got = new ArrayList<>(out.rows());
        // combining panes sums their moments in another order than row by row: the last digits may differ
        expected.replaceAll(WindowAggregateFunctionsTest::rounded);
        got.replaceAll(WindowAggregateFunctionsTest::rounded);
        expected.sort(null);
        got.sort(null);
        assertTrue(expected.size() > 100, expected.size() + " windows");
        assertEquals(expected, got);
        assertTrue(got.stream().anyMatch(r -> r.contains("|")), "string_agg joined several values");
    }

    private static String rounded(String row) {
        return Pattern.compile("-?\\d+\\.\\d+(E-?\\d+)?").matcher(row)
                .replaceAll(m -> String.format(Locale.ROOT, "%.9g", Double.parseDouble(m.group())));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Test
    void hopWindowsCombinePanesExactly() throws Exception {
        matchesTheRowsOfEachWindow(S, 3 * S);
    }

    @Test
    void hopWindowsWithPanesSmallerThanTheSlide() throws Exception {
        matchesTheRowsOfEachWindow(2 * S, 3 * S);
    }

    @Test
    void tumbleWindows() throws Exception {
        matchesTheRowsOfEachWindow(2 * S, 2 * S);
    }
}
