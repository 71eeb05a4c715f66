package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wadi.sql.internal.SqlWindowEndToEndTest.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.wadi.spi.types.RowKind;

/**
 * Joins, updating aggregates, UNION ALL and UNNEST, planned from SQL and run by the worker's runtime over
 * the {@code events} table of {@link SqlWindowEndToEndTest} (event n = 0 … 2,999: k = n % 5,
 * v = n, event time n × 10 ms), at parallelism 1 and 3 with the same results.
 */
class SqlJoinEndToEndTest {

    private static final String TABLES = """
            CREATE TABLE events WITH (connector = 'events');
            CREATE TABLE out WITH (connector = 'collect');
            """;

    private static List<String> both(String sql) throws Exception {
        List<String> one = run(TABLES + sql, 1);
        assertEquals(one, run(TABLES + sql, 3), "parallelism 1 and 3 disagree");
        return one;
    }

    /**
     * Runs an updating query at parallelism 1 and 3 and returns the rows its changelog nets to (the
     * changes on the way may differ with the order rows meet in; the result may not).
     */
    private static Map<String, String> bothUpdating(String sql, int keyColumns) throws Exception {
        Map<String, String> one = apply(run(TABLES + sql, 1), keyColumns);
        assertEquals(one, apply(run(TABLES + sql, 3), keyColumns), "parallelism 1 and 3 disagree");
        return one;
    }

    @Test
    void updatingInnerJoinOfAppendOnlyInputsEmitsEachMatchOnce() throws Exception {
        List<String> rows = both("""
                INSERT INTO out SELECT a.v AS av, b.v AS bv FROM events AS a JOIN events AS b ON a.v = b.v * 2;
                """);
        // every even v below 3,000 is twice some v below 1,500
        assertEquals(1500, rows.size());
        assertTrue(rows.contains("2998 1499"), rows.subList(0, 5).toString());
    }

    @Test
    void windowJoinOfTwoAggregatesOfTheSameWindow() throws Exception {
        List<String> rows = both("""
                INSERT INTO out SELECT a.k AS k, a.n AS n, b.total AS total, a.window.start AS s FROM
                  (SELECT tumble(interval '1 second') AS window, k, count(*) AS n FROM events GROUP BY 1, 2) AS a
                JOIN
                  (SELECT tumble(interval '1 second') AS window, k, sum(v) AS total FROM events GROUP BY 1, 2) AS b
                ON a.k = b.k AND a.window = b.window;
                """);
        // 30 seconds × 5 keys; in second 0 key 0 has v = 0, 5, …, 95: 20 rows summing to 950
        assertEquals(150, rows.size());
        assertTrue(rows.contains("0 20 950 0"), rows.subList(0, 5).toString());
    }

    @Test
    void intervalJoinKeepsOnlyPairsWithinTheBounds() throws Exception {
        List<String> rows = both("""
                INSERT INTO out SELECT a.v AS av, b.v AS bv FROM events AS a JOIN events AS b
                ON a.k = b.k AND b._timestamp BETWEEN a._timestamp AND a._timestamp + INTERVAL '0.05' SECOND;
                """);
        // a key's events are 50 ms apart: each event meets itself and the next one of its key
        assertEquals(3000 + 2995, rows.size());
        assertTrue(rows.contains("10 15") && rows.contains("10 10") && !rows.contains("10 20"));
    }

    @Test
    void updatingAggregateEmitsAChangelogWhoseLastStateIsTheTotal() throws Exception {
        Map<String, String> state = bothUpdating("""
                INSERT INTO out SELECT k, count(*) AS n, max(v) AS top FROM events GROUP BY k;
                """, 1);
        assertEquals(Map.of("0", "600 2995", "1", "600 2996", "2", "600 2997", "3", "600 2998", "4", "600 2999"),
                state);
    }

    @Test
    void anAggregateOverAnUpdatingAggregateRetractsWhatChanged() throws Exception {
        // per k the count of its values; then how many keys have each count — always 5 keys of 600 at the end
        Map<String, String> state = bothUpdating("""
                INSERT INTO out SELECT n, count(*) AS keys FROM (SELECT k, count(*) AS n FROM events GROUP BY k)
                GROUP BY n;
                """, 1);
        assertEquals(Map.of("600", "5"), state);
    }

    @Test
    void leftJoinPadsWithNullsAndRetractsThePaddingWhenAPartnerArrives() throws Exception {
        Map<String, String> state = bothUpdating("""
                INSERT INTO out SELECT a.v AS av, b.v AS bv FROM events AS a LEFT JOIN
                  (SELECT v FROM events WHERE v % 3 = 0) AS b ON a.v = b.v;
                """, 1);
        assertEquals(3000, state.size());
        assertEquals("3", state.get("3"));
        assertEquals("null", state.get("4"));
    }

    @Test
    void unionAllPassesEveryInputsRows() throws Exception {
        List<String> rows = both("""
                INSERT INTO out SELECT v FROM events WHERE k = 0 UNION ALL SELECT v + 10000 AS v FROM events WHERE k = 1;
                """);
        assertEquals(1200, rows.size());
        assertTrue(rows.contains("0") && rows.contains("10001"));
    }

    @Test
    void unnestEmitsARowPerElement() throws Exception {
        List<String> rows = both("""
                INSERT INTO out SELECT unnest(make_array(k, v * 100)) AS x, v FROM events WHERE v < 4;
                """);
        assertEquals(List.of("0 0", "0 0", "1 1", "100 1", "2 2", "200 2", "3 3", "300 3"), rows);
    }

    @Test
    void nexmarkQ5ShapeTheBusiestKeyPerWindowByJoiningAWindowAggregateWithItsMaximum() throws Exception {
        // per 1 s window the count per key (all 20), joined with the window's maximum count
        List<String> rows = both("""
                INSERT INTO out SELECT c.k AS k, c.n AS n FROM
                  (SELECT k, count(*) AS n, tumble(interval '1 second') AS window FROM events GROUP BY 1, 3) AS c
                JOIN
                  (SELECT max(m.n) AS maxn, m.window AS window FROM
                     (SELECT k, count(*) AS n, tumble(interval '1 second') AS window FROM events GROUP BY 1, 3) AS m
                   GROUP BY m.window) AS top
                ON c.window = top.window WHERE c.n >= top.maxn;
                """);
        assertEquals(150, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.endsWith(" 20")), rows.toString());
    }

    /**
     * Applies a changelog (rows rendered as text, {@code _op} last) and returns the final rows by
     * their first {@code keyColumns} columns.
     */
    static Map<String, String> apply(List<String> changelog, int keyColumns) {
        // rows are sorted as text; replay in the order they came is not needed: per key the net count
        // of each full row decides (an insert and its retraction cancel)
        Map<String, Integer> counts = new TreeMap<>();
        for (String r : changelog) {
            int cut = r.lastIndexOf(' ');
            int op = Integer.parseInt(r.substring(cut + 1));
            counts.merge(r.substring(0, cut), RowKind.isAddition(op) ? 1 : -1, Integer::sum);
        }
        Map<String, String> state = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            String[] f = e.getKey().split(" ", keyColumns + 1);
            String key = String.join(" ", java.util.Arrays.copyOf(f, keyColumns));
            if (e.getValue() != 1 || state.put(key, f.length > keyColumns ? f[keyColumns] : "") != null) {
                bad.add(e.getKey() + " x" + e.getValue());
            }
        }
        assertTrue(bad.isEmpty(), "the changelog does not net to one row per key: " + bad);
        return state;
    }
}
