package org.wadi.sql.internal;

import org.wadi.sql.PlanResult;

/**
 * Prints how long planning a pipeline of about 100 lines takes, cold and warm. A measurement, not a
 * test: run it by hand (see the module's README section in the report) and read the figures.
 */
public final class PlanningTime {

    private PlanningTime() {
    }

    static String pipeline() {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sql.append("CREATE TABLE impulse_").append(i).append(" WITH (\n")
                    .append("  connector = 'impulse',\n")
                    .append("  event_rate = '").append(10 * (i + 1)).append("'\n")
                    .append(");\n");
        }
        for (int i = 0; i < 8; i++) {
            sql.append("CREATE TABLE sink_").append(i).append(" (\n")
                    .append("  id BIGINT UNSIGNED NOT NULL,\n")
                    .append("  label TEXT,\n")
                    .append("  score DOUBLE\n")
                    .append(") WITH (connector = 'single_file', path = '/data/out_").append(i).append(".json');\n");
        }
        for (int i = 0; i < 8; i++) {
            sql.append("INSERT INTO sink_").append(i).append("\n")
                    .append("SELECT counter,\n")
                    .append("       CASE WHEN counter % 3 = 0 THEN 'fizz' WHEN counter % 5 = 0 THEN 'buzz'\n")
                    .append("            ELSE lower(CAST(counter AS TEXT) || '-' || CAST(subtask_index AS TEXT)) END,\n")
                    .append("       CAST(counter AS DOUBLE) * 1.5 + abs(CAST(subtask_index AS INT) - 3)\n")
                    .append("FROM impulse_").append(i).append("\n")
                    .append("WHERE counter > ").append(i).append(" AND (subtask_index IS NOT NULL OR counter < 100);\n");
        }
        return sql.toString();
    }

    public static void main(String[] args) {
        String sql = pipeline();
        CalciteSqlPlanner planner = new CalciteSqlPlanner(TestConnectors.lookup(), TestConnectors.FILES);
        long t0 = System.nanoTime();
        PlanResult first = planner.plan(sql, 4);
        long cold = System.nanoTime() - t0;
        if (!first.ok()) {
            throw new IllegalStateException(first.errors().toString());
        }
        int runs = 30;
        long t1 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            planner.plan(sql, 4);
        }
        long warm = (System.nanoTime() - t1) / runs;
        System.out.printf("pipeline: %d lines, %d nodes%n", sql.lines().count(), first.plan().nodes().size());
        System.out.printf("cold (first call in the JVM): %d ms%n", cold / 1_000_000);
        System.out.printf("warm (mean of %d): %.1f ms%n", runs, warm / 1e6);
    }
}
