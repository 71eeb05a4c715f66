package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory tables, views, window functions and text literals planned by the SQL planner and run by the worker's
 * runtime over {@link SqlWindowEndToEndTest}'s events (k = n % 5, v = n, n × 10 ms, n < 3,000).
 */
class SqlStatementEndToEndTest {

    private static final String TABLES = """
            CREATE TABLE events WITH (connector = 'events');
            CREATE TABLE out WITH (connector = 'collect');
            """;

    @Test
    void aMemoryTableFeedsItsReadersAndAViewIsInlined() throws Exception {
        String sql = TABLES + """
                CREATE TABLE evens (k BIGINT, v BIGINT);
                CREATE VIEW per_second AS
                  SELECT tumble(interval '1 second') AS w, k, count(*) AS n FROM evens GROUP BY w, k;
                INSERT INTO out SELECT k, n FROM per_second WHERE k = 0;
                INSERT INTO evens SELECT k, v FROM events WHERE v % 2 = 0;
                """;
        List<String> rows = SqlWindowEndToEndTest.run(sql, 2);
        // key 0: v ≡ 0 (mod 5) and even, v ≡ 0 (mod 10): 10 per second over 30 seconds
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("0 10");
        }
        assertEquals(expected, rows);
    }

    @Test
    void topTwoPerWindowWithRowNumber() throws Exception {
        // per second and key 20 events; the two largest v per second of key 4 and 3 ranks
        String sql = TABLES + """
                INSERT INTO out SELECT k, total, rn FROM (
                  SELECT *, row_number() OVER (PARTITION BY w ORDER BY total DESC) AS rn FROM (
                    SELECT tumble(interval '1 second') AS w, k, sum(v) AS total FROM events GROUP BY w, k))
                WHERE rn <= 2 AND total < 2000;
                """;
        List<String> rows = SqlWindowEndToEndTest.run(sql, 2);
        // second 0: v 0…99, key 4 sums 4+9+…+99 = 1030, key 3 sums 1010
        assertEquals(List.of("3 1010 2", "4 1030 1"), rows);
    }

    @Test
    void unicodeTextLiteralsReachTheRowsAsWritten() throws Exception {
        String sql = TABLES + """
                INSERT INTO out SELECT v, CASE WHEN v % 2 = 0 THEN 'ꦒ日本' ELSE 'é' || '😀' END AS s
                FROM events WHERE v < 2 AND CAST(v AS TEXT) <> 'ꦒ';
                """;
        assertEquals(List.of("0 ꦒ日本", "1 é😀"), SqlWindowEndToEndTest.run(sql, 1));
    }
}
