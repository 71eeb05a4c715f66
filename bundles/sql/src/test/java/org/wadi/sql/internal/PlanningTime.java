package org.wadi.sql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.connector.singlefile.internal.SingleFileConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.sql.PlanResult;

/**
 * Prints how long planning a pipeline of about 100 lines ({@code bench/pipeline_100_lines.sql}:
 * sources, sinks, views, a windowed and an updating aggregate, an interval join, a top-N and
 * several INSERTs) takes: the first plan in a fresh JVM (cold), then the median of 20 plans
 * (warm). A measurement, not a test: {@code bench/planning/run.sh} runs it in a JVM of its own and
 * prints {@code planning <cold_ms> <warm_median_ms>}; {@link PlanningTimeTest} checks that the
 * pipeline plans.
 */
public final class PlanningTime {

    static final String PIPELINE = "/bench/pipeline_100_lines.sql";
    static final int WARM_RUNS = 20;

    private PlanningTime() {
    }

    static String pipeline() {
        try (InputStream in = PlanningTime.class.getResourceAsStream(PIPELINE)) {
            if (in == null) {
                throw new IllegalStateException("the test resource " + PIPELINE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PIPELINE, e);
        }
    }

    /** The planner with the connectors the pipeline names: the real single_file and nexmark. */
    static CalciteSqlPlanner planner() {
        Map<String, Connector> all = new LinkedHashMap<>();
        all.put("single_file", new SingleFileConnector());
        all.put("nexmark", new NexmarkConnector());
        return new CalciteSqlPlanner(ConnectorLookup.of(all), TestConnectors.FILES);
    }

    public static void main(String[] args) {
        String sql = pipeline();
        long t0 = System.nanoTime();
        CalciteSqlPlanner planner = planner();
        PlanResult first = planner.plan(sql, 4);
        long cold = System.nanoTime() - t0;
        if (!first.ok()) {
            throw new IllegalStateException("the pipeline does not plan: " + first.errors());
        }
        long[] warm = new long[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            long t = System.nanoTime();
            PlanResult r = planner.plan(sql, 4);
            warm[i] = System.nanoTime() - t;
            if (!r.ok()) {
                throw new IllegalStateException(r.errors().toString());
            }
        }
        Arrays.sort(warm);
        double median = (warm[(WARM_RUNS - 1) / 2] + warm[WARM_RUNS / 2]) / 2e6;
        System.err.printf("pipeline: %d lines, %d plan nodes; warm min %.1f ms, max %.1f ms%n",
                sql.lines().count(), first.plan().nodes().size(), warm[0] / 1e6, warm[WARM_RUNS - 1] / 1e6);
        System.out.printf(java.util.Locale.ROOT, "planning %d %.1f%n", cold / 1_000_000, median);
    }
}
