package org.wadi.worker.internal.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.AggregateCall;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.plan.WindowAggregateOperator;
import org.wadi.spi.plan.WindowSpec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * Prints events per second of a generated stream through watermark → SHUFFLE → HOP(2 s slide,
 * 10 s width) count per key → blackhole, in process. Run with
 * {@code mvn -o -pl bundles/worker test -Dtest=WindowThroughputTest -Dworker.test.excludedGroups=none}.
 */
@Tag("throughput")
class WindowThroughputTest {

    static final Schema ROW = Schema.of(Field.of("key", DataType.INT64), new Field("_timestamp", DataType.TIMESTAMP, false));
    static final Schema OUT = Schema.of(Field.of("key", DataType.INT64), Field.of("n", DataType.INT64),
            new Field("window", WindowAggregateOperator.WINDOW_TYPE, false),
            new Field("_timestamp", DataType.TIMESTAMP, false));

    /** Event n: key (n × 7919) mod 10,000, event time n × 10 µs (100,000 events per second of event time). */
    static final class Events implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("events", "Events", null, null, true, false, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            long count = Long.parseLong(table.option("count"));
            return new Source() {
                long next;
                int step;

                @Override
                public void open(SourceContext context) {
                    next = context.task().subtaskIndex();
                    step = context.task().parallelism();
                }

                @Override
                public SourceStatus poll(Collector out) {
                    for (int i = 0; i < 4096 && next < count; i++, next += step) {
                        out.collect(new Object[] {(next * 7919) % 10_000, 1_700_000_000_000_000_000L + next * 10_000});
                    }
                    return next < count ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    static double run(long count, int parallelism) throws Exception {
        ThroughputTest.Blackhole hole = new ThroughputTest.Blackhole();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new Events());
        registry.add(hole);
        ConnectorTable events = new ConnectorTable("events", "events", Map.of("count", Long.toString(count)),
                ROW.visible(), Set.of(TableRole.SOURCE), true);
        ConnectorTable sink = new ConnectorTable("hole", "blackhole", Map.of(), OUT.visible(), Set.of(TableRole.SINK),
                true);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "events", parallelism, new SourceOperator(events)),
                new PlanNode("watermark_2", "watermark", parallelism, new WatermarkOperator(ROW,
                        WatermarkOperator.DEFAULT_DELAY_NANOS, 0, WatermarkOperator.DEFAULT_PERIOD_NANOS)),
                new PlanNode("window_3", "hop", parallelism, new WindowAggregateOperator(ROW,
                        WindowSpec.hop(2_000_000_000L, 10_000_000_000L), List.of(0),
                        List.of(new AggregateCall("count", -1, false, DataType.INT64)), OUT)),
                new PlanNode("sink_4", "blackhole", parallelism, new SinkOperator(sink))),
                List.of(new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), ROW),
                        new PlanEdge("watermark_2", "window_3", EdgeKind.SHUFFLE, List.of(0), ROW),
                        new PlanEdge("window_3", "sink_4", EdgeKind.FORWARD, List.of(), OUT)));
        Execution e = Execution.build("job_hop", plan, "w", Execution.Placement.all("w"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, new TestConnectors.Recorder());
        long t0 = System.nanoTime();
        e.start();
        e.done().get(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hop 2s/10s count by key, %,d events, parallelism %d: %.2f s, %,.0f events/s, %,d results,"
                + " %d late%n", count, parallelism, secs, count / secs, hole.rows.get(), e.lateRows("window_3"));
        return count / secs;
    }

    @Test
    void printThroughput() throws Exception {
        long n = 10_000_000L;
        run(n / 5, 2); // warm-up: JIT
        run(n, 1);
        run(n, 2);
    }
}
