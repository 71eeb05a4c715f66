package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wadi.connector.nexmark.internal.NexmarkConnector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.connector.TableRole;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.sql.PlanResult;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * Prints events per second of Nexmark q5's hopping window (count of bids per auction, hop 2 s /
 * 10 s) over the real nexmark generator, planned from SQL and run in process into a counting
 * blackhole. A figure to watch, not an assertion. Run with
 * {@code mvn -o -pl bundles/sql test -Dtest=WindowThroughputTest -Dwadi.throughput=true
 * [-Dwadi.throughput.events=10000000]}.
 */
@EnabledIfSystemProperty(named = "wadi.throughput", matches = "true")
class WindowThroughputTest {

    /** {@code count}: a blackhole that counts what it is given. */
    static final class Count implements Connector {
        final AtomicLong rows = new AtomicLong();

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("count", "Count", null, null, false, true, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            return new ConnectorTable(request.name(), "count", Map.of(), request.columns(), Set.of(TableRole.SINK),
                    false);
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

    static void run(long events, int parallelism, String eventTimeRate) throws Exception {
        NexmarkConnector nexmark = new NexmarkConnector();
        Count count = new Count();
        Map<String, Connector> connectors = new HashMap<>(Map.of("nexmark", nexmark, "count", count));
        String sql = "CREATE TABLE nexmark WITH (connector = 'nexmark', pace = 'false', events = '" + events + "'"
                + (eventTimeRate == null ? "" : ", event_time_rate = '" + eventTimeRate + "'") + ");\n"
                + "CREATE TABLE out WITH (connector = 'count');\n"
                + "INSERT INTO out SELECT bid.auction AS auction, count(*) AS num FROM nexmark\n"
                + "WHERE bid IS NOT NULL GROUP BY hop(interval '2 seconds', interval '10 seconds'), bid.auction;";
        PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(connectors), TestConnectors.FILES)
                .plan(sql, parallelism);
        assertTrue(planned.ok(), () -> planned.errors().toString());
        DataflowPlan plan = planned.plan();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(nexmark);
        registry.add(count);
        SqlWindowEndToEndTest.Reports reports = new SqlWindowEndToEndTest.Reports();
        Execution e = Execution.build("job_q5", plan, "w1", Execution.Placement.all("w1"), registry,
                TestConnectors.FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, reports);
        long start = System.nanoTime();
        e.start();
        e.done().get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(reports.events.isEmpty(), reports.events.toString());
        String windowId = plan.nodes().stream().filter(n -> n.operator().name().equals("window_aggregate"))
                .findFirst().orElseThrow().id();
        System.out.printf("q5-hop events=%d parallelism=%d event_time_rate=%s seconds=%.2f events_per_sec=%.0f "
                + "result_rows=%d late=%d%n", events, parallelism, eventTimeRate == null ? "10000000" : eventTimeRate,
                seconds, events / seconds, count.rows.get(), e.lateRows(windowId));
    }

    @Test
    void nexmarkQ5HopWindow() throws Exception {
        long events = Long.getLong("wadi.throughput.events", 10_000_000L);
        // warm-up: JIT and Janino
        run(Math.min(events, 2_000_000L), 2, null);
        for (String rate : List.of("10000000", "100000")) {
            for (int p : new int[] {1, 2}) {
                run(events, p, rate.equals("10000000") ? null : rate);
            }
        }
    }
}
