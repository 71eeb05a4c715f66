package org.wadi.worker.internal.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/**
 * Prints rows per second of impulse-like source → calc → blackhole, in process. Not a benchmark
 * harness (no JMH): a quick figure to watch. Run with
 * {@code mvn -pl bundles/worker test -Dtest=ThroughputTest -Dworker.test.excludedGroups=none}.
 */
@Tag("throughput")
class ThroughputTest {

    static final Schema ROW = Schema.of(Field.of("counter", DataType.UINT64), Field.of("subtask", DataType.UINT64),
            Field.of("_timestamp", DataType.TIMESTAMP));

    /** Like the impulse connector: counter, subtask index and event time, as fast as it can. */
    static final class Impulse implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("impulse", "Impulse", null, null, true, false, false, false, false, false, null, null);
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
                Long subtask;
                long mine;

                @Override
                public void open(SourceContext context) {
                    subtask = (long) context.task().subtaskIndex();
                    mine = count / context.task().parallelism();
                }

                @Override
                public SourceStatus poll(Collector out) {
                    long end = Math.min(next + 1024, mine);
                    long now = System.currentTimeMillis() * 1_000_000L;
                    for (; next < end; next++) {
                        out.collect(new Object[] {next, subtask, now});
                    }
                    return next < mine ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    static final class Blackhole implements Connector {
        final AtomicLong rows = new AtomicLong();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("blackhole", "Blackhole", null, null, false, true, false, false, false, false, null, null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                long n;

                @Override
                public void open(SinkContext context, byte[] restoredState) {
                }

                @Override
                public void write(Object[] row) {
                    n++;
                }

                @Override
                public void finish() {
                    rows.addAndGet(n);
                }
            };
        }
    }

    static DataflowPlan plan(long count, int parallelism, EdgeKind calcToSink) {
        Expr counter = new Expr.InputRef(0, DataType.UINT64);
        // WHERE counter % 10 <> 3 SELECT counter * 2 + 1, subtask, _timestamp
        Expr filter = new Expr.Call("<>", List.of(new Expr.Call("%", List.of(counter,
                new Expr.Literal("10", DataType.UINT64)), DataType.UINT64), new Expr.Literal("3", DataType.UINT64)),
                DataType.BOOLEAN);
        Expr doubled = new Expr.Call("+", List.of(new Expr.Call("*", List.of(counter,
                new Expr.Literal("2", DataType.UINT64)), DataType.UINT64), new Expr.Literal("1", DataType.UINT64)),
                DataType.UINT64);
        ConnectorTable impulse = new ConnectorTable("impulse", "impulse", Map.of("count", Long.toString(count)),
                ROW.visible(), Set.of(TableRole.SOURCE), true);
        ConnectorTable hole = new ConnectorTable("hole", "blackhole", Map.of(), ROW.visible(), Set.of(TableRole.SINK), true);
        return new DataflowPlan(List.of(
                new PlanNode("source_1", "impulse", parallelism, new SourceOperator(impulse)),
                new PlanNode("calc_2", "calc", parallelism, new CalcOperator(ROW, filter,
                        List.of(doubled, new Expr.InputRef(1, DataType.UINT64), new Expr.InputRef(2, DataType.TIMESTAMP)), ROW)),
                new PlanNode("sink_3", "blackhole", parallelism, new SinkOperator(hole))),
                List.of(new PlanEdge("source_1", "calc_2", EdgeKind.FORWARD, List.of(), ROW),
                        new PlanEdge("calc_2", "sink_3", calcToSink, List.of(), ROW)));
    }

    static double run(long count, int parallelism, EdgeKind calcToSink) throws Exception {
        Blackhole hole = new Blackhole();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new Impulse());
        registry.add(hole);
        Execution e = Execution.build("job_bench", plan(count, parallelism, calcToSink), "w", Execution.Placement.all("w"),
                registry, p -> Path.of(p), new ExprCompiler(), RuntimeOptions.DEFAULTS, new TestConnectors.Recorder());
        long t0 = System.nanoTime();
        e.start();
        e.done().get(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        return count / secs;
    }

    @Test
    void printThroughput() throws Exception {
        long n = 50_000_000L;
        run(n / 5, 1, EdgeKind.FORWARD); // warm-up: JIT
        run(n / 5, 1, EdgeKind.REBALANCE);
        System.out.printf("chained, parallelism 1:          %,.0f rows/s%n", run(n, 1, EdgeKind.FORWARD));
        System.out.printf("chained, parallelism 2:          %,.0f rows/s%n", run(n, 2, EdgeKind.FORWARD));
        System.out.printf("queue calc->sink, parallelism 1: %,.0f rows/s%n", run(n, 1, EdgeKind.REBALANCE));
    }
}
