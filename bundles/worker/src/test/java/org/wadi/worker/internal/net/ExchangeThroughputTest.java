package org.wadi.worker.internal.net;

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
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.CheckpointListener;
import org.wadi.worker.internal.runtime.Checkpoints;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Prints rows per second of Nexmark-like bids through a SHUFFLE by auction, once within one worker
 * (the in-process exchange) and once with every row crossing from worker w1 to worker w2 over TCP
 * on 127.0.0.1, in this one JVM. A figure to watch, not an assertion. Run with
 * {@code mvn -o -pl bundles/worker test -Dtest=ExchangeThroughputTest -Dworker.test.excludedGroups=none}.
 */
@Tag("throughput")
class ExchangeThroughputTest {

    static final Schema BID = Schema.of(Field.of("auction", DataType.INT64), Field.of("bidder", DataType.INT64),
            Field.of("price", DataType.INT64), Field.of("channel", DataType.UTF8), Field.of("url", DataType.UTF8),
            Field.of("datetime", DataType.TIMESTAMP), Field.of("extra", DataType.UTF8),
            new Field(Schema.TIMESTAMP_FIELD, DataType.TIMESTAMP, false));

    static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    static final String[] URLS = new String[16];
    static final String[] EXTRAS = new String[16];

    static {
        for (int i = 0; i < 16; i++) {
            URLS[i] = "https://www.nexmark.com/" + Integer.toString(i * 7919, 36) + "/item.htm?query=1&channel_id=" + i;
            EXTRAS[i] = "x".repeat(8 + i * 3);
        }
    }

    /** {@code bids}: option {@code count} bids over the subtasks, as fast as it can. */
    static final class Bids implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("bids", "Bids", null, null, true, false, false, false, false, false, null, null);
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
                long end;

                @Override
                public void open(SourceContext context) {
                    long per = count / context.task().parallelism();
                    next = per * context.task().subtaskIndex();
                    end = next + per;
                }

                @Override
                public SourceStatus poll(Collector out) {
                    long stop = Math.min(next + 1024, end);
                    for (; next < stop; next++) {
                        long n = next;
                        long at = 1_700_000_000_000_000_000L + n * 1_000_000L;
                        out.collect(new Object[] {1000 + n % 1000, 2000 + n % 5000, n * 7 % 100_000,
                                CHANNELS[(int) (n & 3)], URLS[(int) (n & 15)], at, EXTRAS[(int) ((n >> 4) & 15)], at});
                    }
                    return next < end ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    /** {@code count}: counts the rows it is given. */
    static final class Count implements Connector {
        final AtomicLong rows = new AtomicLong();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("count", "Count", null, null, false, true, false, false, false, false, null, null);
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

    static DataflowPlan plan(long count, int parallelism) {
        ConnectorTable bids = new ConnectorTable("bids", "bids", Map.of("count", Long.toString(count)), BID.visible(),
                Set.of(TableRole.SOURCE), true);
        ConnectorTable out = new ConnectorTable("out", "count", Map.of(), BID.visible(), Set.of(TableRole.SINK), true);
        return new DataflowPlan(List.of(
                new PlanNode("source_1", "bids", parallelism, new SourceOperator(bids)),
                new PlanNode("sink_2", "count", parallelism, new SinkOperator(out))),
                List.of(new PlanEdge("source_1", "sink_2", EdgeKind.SHUFFLE, List.of(0), BID)));
    }

    /** Rows per second of one run; {@code crossing}: sources on w1, sinks on w2. */
    static double run(long count, int parallelism, boolean crossing) throws Exception {
        Count sink = new Count();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(new Bids());
        registry.add(sink);
        DataflowPlan plan = plan(count, parallelism);
        NetTesting.Reports reports = new NetTesting.Reports();
        Checkpoints none = Checkpoints.unavailable(CheckpointListener.NONE, "none");
        Path nowhere = Path.of("/nonexistent");
        long start;
        if (!crossing) {
            Execution e = Execution.build("job_t", plan, "w1", Execution.Placement.all("w1"), registry, p -> nowhere,
                    new ExprCompiler(), RuntimeOptions.DEFAULTS, reports);
            start = System.nanoTime();
            e.start();
            e.done().get(10, TimeUnit.MINUTES);
        } else {
            try (DataServer s1 = DataServer.open("127.0.0.1", 10_000); DataServer s2 = DataServer.open("127.0.0.1", 10_000)) {
                Map<String, String> peers = Map.of("w1", s1.address(), "w2", s2.address());
                Execution.Placement placement = (op, i) -> op.equals("source_1") ? "w1" : "w2";
                Execution e1 = Execution.build("job_t", plan, "w1", placement, registry, p -> nowhere, new ExprCompiler(),
                        RuntimeOptions.DEFAULTS, reports, none, s1.session("job_t/1", "w1", peers));
                Execution e2 = Execution.build("job_t", plan, "w2", placement, registry, p -> nowhere, new ExprCompiler(),
                        RuntimeOptions.DEFAULTS, reports, none, s2.session("job_t/1", "w2", peers));
                start = System.nanoTime();
                e2.start();
                e1.start();
                e1.done().get(10, TimeUnit.MINUTES);
                e2.done().get(10, TimeUnit.MINUTES);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (sink.rows.get() != count || !reports.failures().isEmpty()) {
            throw new AssertionError(sink.rows.get() + " rows of " + count + " arrived; " + reports.failures());
        }
        return count / seconds;
    }

    @Test
    void printRowsPerSecondOfACrossWorkerShuffleAgainstTheLocalOne() throws Exception {
        long count = 4_000_000;
        int parallelism = 2;
        run(count / 4, parallelism, false);
        run(count / 4, parallelism, true);
        for (int round = 1; round <= 2; round++) {
            double local = run(count, parallelism, false);
            double crossing = run(count, parallelism, true);
            System.out.printf("round %d: %,d bids (8 columns), SHUFFLE by auction at parallelism %d: local exchange "
                    + "%,.0f rows/s; across workers over TCP %,.0f rows/s (%.0f%%)%n", round, count, parallelism, local,
                    crossing, 100 * crossing / local);
        }
    }
}
