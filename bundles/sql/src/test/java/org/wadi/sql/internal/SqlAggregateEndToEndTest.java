package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wadi.sql.PlanResult;

/**
 * The aggregate functions beyond count, sum, min, max and avg — and DISTINCT — planned from SQL and
 * run by the worker's runtime, in TUMBLE, HOP and SESSION windows and in updating aggregates (also
 * over an updating input, whose retractions they take out). The input is
 * {@link SqlWindowEndToEndTest.Events}: n = 0 … 2,999, k = n % 5, v = n, 10 ms apart.
 */
class SqlAggregateEndToEndTest {

    private static final String TABLES = """
            CREATE TABLE events WITH (connector = 'events');
            CREATE TABLE out WITH (connector = 'collect');
            """;

    private static List<String> run(String sql, int parallelism) throws Exception {
        return SqlWindowEndToEndTest.run(TABLES + sql, parallelism);
    }

    private static void near(double expected, String actual, String what) {
        assertEquals(expected, Double.parseDouble(actual), 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void tumbleWindowsOfStatisticsSequencesAndQuantiles() throws Exception {
        List<String> rows = run("""
                INSERT INTO out SELECT tumble(interval '1 second') AS window, var_pop(v) AS vp, stddev(v) AS sd,
                  median(v) AS med, approx_percentile_cont(0.25) WITHIN GROUP (ORDER BY v) AS p25,
                  approx_percentile_cont(v, 0.25) AS p25_old, approx_median(v) AS am, bit_xor(v) AS x,
                  bit_or(k) AS o, bool_and(v < 50) AS all_low, bool_or(v < 50) AS any_low,
                  count(DISTINCT k) AS keys, approx_distinct(k) AS keys2, first_value(v) AS first,
                  last_value(v) AS last, nth_value(v, 3) AS third, string_agg(CAST(k AS TEXT), '') AS ks,
                  mean(v) AS mean
                FROM events GROUP BY window;
                """, 1);
        assertEquals(30, rows.size());
        // second 0: v = 0 … 99 in order
        String[] f = row(rows, "[0ms,1000ms)");
        near(833.25, f[1], "var_pop of 0…99");
        near(Math.sqrt(100 * 101 / 12.0), f[2], "stddev (sample) of 0…99");
        assertEquals(List.of("49", "24.75", "24.75", "49", "0", "7", "false", "true", "5", "5", "0", "99", "2"),
                List.of(f).subList(3, 16));
        assertEquals("01234".repeat(20), f[16]);
        near(49.5, f[17], "mean");
        // second 1: v = 100 … 199, bit_xor(100 … 199) = xor(0 … 199) ^ xor(0 … 99) = 0 ^ 0
        String[] g = row(rows, "[1000ms,2000ms)");
        assertEquals(List.of("149", "124.75", "124.75", "149", "0"), List.of(g).subList(3, 8));
    }

    private static List<String> rounded(List<String> rows) {
        List<String> out = new ArrayList<>();
        for (String r : rows) {
            out.add(java.util.regex.Pattern.compile("-?\\d+\\.\\d+").matcher(r).replaceAll(
                    m -> String.format(java.util.Locale.ROOT, "%.9g", Double.parseDouble(m.group()))));
        }
        return out;
    }

    /** The fields of the row that starts with {@code first}. */
    private static String[] row(List<String> rows, String first) {
        return rows.stream().filter(r -> r.startsWith(first + " ")).findFirst().orElseThrow().split(" ");
    }

    @Test
    void hopWindowsPerKeyOfTwoVariables() throws Exception {
        String sql = """
                INSERT INTO out SELECT hop(interval '1 second', interval '2 seconds') AS window, k, covar_samp(v, v) AS c, covar_pop(v, 2 * v) AS cp,
                  "corr"(v, 2 * v + 1) AS r, "regr_slope"(2 * v + 1, v) AS slope, "regr_intercept"(2 * v + 1, v) AS b,
                  regr_count(v, v) AS n, "regr_avgx"(v, 2 * v) AS ax, "regr_avgy"(v, 2 * v) AS ay, "regr_r2"(v, v) AS r2,
                  regr_sxx(v, v) AS sxx, regr_syy(v, v) AS syy, "regr_sxy"(v, v) AS sxy
                FROM events GROUP BY window, k;
                """;
        // corr and some regr_* are reserved words in Calcite's grammar: quoted
        List<String> one = run(sql, 1);
        List<String> three = run(sql, 3);
        // the last digits of the moments depend on the order rows arrive in
        assertEquals(rounded(one), rounded(three));
        List<String> first = new ArrayList<>();
        for (String r : one) {
            if (r.startsWith("[0ms,2000ms) ")) {
                first.add(r);
            }
        }
        // window [0 s, 2 s): per key 40 values k, k + 5, …, k + 195
        assertEquals(5, first.size());
        for (String r : first) {
            String[] f = r.split(" ");
            int k = Integer.parseInt(f[1]);
            double m2 = 25 * 40 * (40 * 40 - 1) / 12.0;
            near(m2 / 39, f[2], "covar_samp(v, v)");
            near(2 * m2 / 40, f[3], "covar_pop(v, 2v)");
            near(1, f[4], "corr");
            near(2, f[5], "slope");
            near(1, f[6], "intercept");
            assertEquals("40", f[7]);
            near(2 * (k + 97.5), f[8], "regr_avgx is the mean of x = 2v");
            near(k + 97.5, f[9], "regr_avgy");
            near(1, f[10], "r2");
            near(m2, f[11], "sxx");
            near(m2, f[12], "syy");
            near(m2, f[13], "sxy");
        }
    }

    @Test
    void sessionWindowsWithDistinctAggregates() throws Exception {
        // each key's events are 50 ms apart: one session per key over the whole input
        String sql = """
                INSERT INTO out SELECT k, median(v) AS med, count(DISTINCT v % 10) AS tens,
                  sum(DISTINCT v % 10) AS tens_sum, approx_distinct(v) AS n, avg(DISTINCT v % 2) AS parity,
                  string_agg(DISTINCT CAST(v % 2 AS TEXT), ',') AS parities
                FROM events GROUP BY k, session(interval '0.06' second);
                """;
        // in arrival order (one source subtask), the distinct parities in order of their first row
        List<String> rows = run(sql, 1);
        // key k: v = k, k + 5, …, k + 2995 (600 values); the middle two k + 1495 and k + 1500
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            expected.add(k + " " + (k + 1497) + " 2 " + (2 * k + 5) + " 600 0.5 " + (k % 2 == 0 ? "0,1" : "1,0"));
        }
        assertEquals(expected, rows);
        List<String> two = run(sql, 2);
        two.replaceAll(r -> r.substring(0, r.lastIndexOf(' ')));
        rows.replaceAll(r -> r.substring(0, r.lastIndexOf(' ')));
        assertEquals(rows, two, "the order-insensitive aggregates at parallelism 2");
    }

    @Test
    void updatingAggregatesOfTheOtherFunctions() throws Exception {
        String sql = """
                INSERT INTO out SELECT k, median(v) AS med, count(DISTINCT v % 7) AS sevens, bit_or(v % 4) AS bits,
                  var_samp(v) AS var, approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY v DESC) AS p50,
                  bool_or(v = 7) AS has7
                FROM events GROUP BY k;
                """;
        Map<String, String> one = SqlJoinEndToEndTest.apply(run(sql, 1), 1);
        Map<String, String> three = SqlJoinEndToEndTest.apply(run(sql, 3), 1);
        // the variance's last digits depend on the order rows arrive in
        assertEquals(one.keySet(), three.keySet());
        one.forEach((k, r) -> assertEquals(r.replaceAll(" [0-9.]+E?[0-9]* (\\S+ \\S+)$", " $1"),
                three.get(k).replaceAll(" [0-9.]+E?[0-9]* (\\S+ \\S+)$", " $1")));
        // key k: 600 values k + 5i; their sample variance 25 · 600 · 601 / 12
        double var = 25 * 600.0 * 601 / 12;
        for (int k = 0; k < 5; k++) {
            String[] f = one.get(String.valueOf(k)).split(" ");
            assertEquals(String.valueOf(k + 1497), f[0]);
            assertEquals("7", f[1]);
            assertEquals("3", f[2]);
            near(var, f[3], "var_samp");
            assertEquals((k + 1497) + ".5", f[4], "percentile 0.5 of the values in descending order");
            assertEquals(String.valueOf(k == 2), f[5]);
        }
    }

    @Test
    void anAggregateOverAnUpdatingInputTakesItsRetractionsOut() throws Exception {
        // per key the count of its values, growing; then over the keys: the counts' median and spread
        String sql = """
                INSERT INTO out SELECT median(n) AS med, count(DISTINCT n) AS counts, var_pop(n) AS spread,
                  array_agg(DISTINCT n) AS ns, bit_and(n) AS anded, min(n) AS low
                FROM (SELECT k, count(*) AS n FROM events GROUP BY k);
                """;
        Map<String, String> one = SqlJoinEndToEndTest.apply(run(sql, 1), 0);
        assertEquals(Map.of("", "600 1 0.0 [600] 600 600"), one);
        assertEquals(one, SqlJoinEndToEndTest.apply(run(sql, 3), 0));
    }

    @Test
    void theCallsParametersAndSecondArgumentsSurviveThePlansJsonAndOlderPlansReadAsWithout() {
        PlanResult r = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES).plan("""
                CREATE TABLE t (k BIGINT, v BIGINT, s TEXT) WITH (connector = 'single_file', path = '/data/in.json',
                  type = 'source');
                SELECT k, string_agg(s, '; ') AS ss, covar_pop(v, k) AS c, count(DISTINCT s) AS n,
                  approx_percentile_cont(0.9) WITHIN GROUP (ORDER BY v DESC) AS p FROM t GROUP BY k;
                """, 1);
        assertTrue(r.ok(), r.errors().toString());
        String json = org.wadi.spi.plan.PlanCodec.toJson(r.plan());
        assertTrue(json.contains("\"parameters\":[\"; \"]") && json.contains("\"parameters\":[\"0.1\"]")
                && json.contains("\"distinct\":true"), json);
        assertEquals(r.plan(), org.wadi.spi.plan.PlanCodec.fromJson(json));
        String older = json.replaceAll(",\"moreArguments\":\\[\\],\"parameters\":\\[\\]", "");
        assertTrue(older.length() < json.length());
        assertEquals(r.plan(), org.wadi.spi.plan.PlanCodec.fromJson(older), "a call without the new fields");
    }

    private static String error(String sql) {
        PlanResult r = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES).plan("""
                CREATE TABLE t (k BIGINT, v BIGINT, s TEXT) WITH (connector = 'single_file', path = '/data/in.json',
                  type = 'source');
                """ + sql, 1);
        assertFalse(r.ok(), sql);
        return r.errors().get(0).message();
    }

    @Test
    void whatCannotBeAggregatedIsRefusedWithTheReason() {
        assertTrue(error("SELECT k, grouping(k) FROM t GROUP BY k;")
                .startsWith("grouping() tells the rows of GROUPING SETS, ROLLUP and CUBE apart"));
        assertEquals("the delimiter of string_agg must be a constant, not $2",
                error("SELECT string_agg(s, s) FROM t;").replaceAll("\\$\\d+", "\\$2"));
        assertEquals("WITHIN GROUP not allowed with var_samp function",
                error("SELECT var_samp(v) WITHIN GROUP (ORDER BY k) FROM t;"));
        assertEquals("DISTINCT and ORDER BY together are not supported in array_agg(…)",
                error("SELECT array_agg(DISTINCT v ORDER BY k) FROM t;"));
        assertEquals("approx_percentile_cont: the percentile must be between 0.0 and 1.0 inclusive, 2 is invalid",
                error("SELECT approx_percentile_cont(2) WITHIN GROUP (ORDER BY v) FROM t;"));
        assertEquals("DISTINCT applies to aggregates of one argument, not to corr",
                error("SELECT \"corr\"(DISTINCT v, k) FROM t;"));
        assertEquals("nth_value: n must not be 0 (1 is the first value, -1 the last)",
                error("SELECT nth_value(v, 0) FROM t;"));
    }
}
