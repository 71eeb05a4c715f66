package org.wadi.bench.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.types.Schema;

/**
 * The queries Wadi runs give the row counts Flink's baseline gives over the same generator
 * ({@code -Dnexmark.verify=true} there, 1 M events), at two parallelisms.
 */
class BenchTest {

    private static void assertRows(String query, int parallelism, long expected) throws Exception {
        Bench.Result r = Bench.execute(query, 1_000_000, parallelism);
        assertNull(r.unsupported(), query);
        assertEquals(expected, r.sinkRows(), query + " at parallelism " + parallelism);
        assertEquals(0, r.lateRows(), query);
    }

    @Test
    void rowCountsAsFlinks() throws Exception {
        // 46 of every 50 events are bids
        assertRows("q0", 2, 920_000);
        assertRows("q1", 1, 920_000);
        assertRows("q2", 2, 6_769);
        assertRows("q2", 1, 6_769);
        assertRows("q5-count", 2, 299_855);
        assertRows("q7-max", 1, 1);
        // the joins; q4's result is updating: the rows its changelog nets to, as Flink's final table
        assertRows("q3", 2, 5_730);
        assertRows("q4", 2, 5);
        assertRows("q5", 2, 5);
        assertRows("q7", 2, 2);
        assertRows("q8", 1, 10_531);
    }

    @Test
    void generatorAlone() throws Exception {
        Bench.Result r = Bench.execute("gen", 100_000, 2);
        assertEquals(100_000, r.sinkRows());
    }

    @Test
    void watermarkDelayIsSetOnEveryWatermarkNode() {
        Schema schema = Schema.of().withTimestamp();
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("w", "watermark (event time - 1 s)", 2, new WatermarkOperator(schema,
                        WatermarkOperator.DEFAULT_DELAY_NANOS, 7, WatermarkOperator.DEFAULT_PERIOD_NANOS))),
                List.<PlanEdge>of());
        WatermarkOperator w = (WatermarkOperator) Bench.withWatermarkDelay(plan, 4_000_000_000L).nodes().get(0)
                .operator();
        assertEquals(4_000_000_000L, w.delayNanos());
        assertEquals(7, w.idleNanos());
        assertEquals(WatermarkOperator.DEFAULT_PERIOD_NANOS, w.periodNanos());
    }
}
