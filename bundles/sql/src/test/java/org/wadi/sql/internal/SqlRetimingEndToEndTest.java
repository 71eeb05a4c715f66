package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.sql.PlanResult;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * {@code SELECT … AS _timestamp} end to end, as Arroyo runs it: the rows' event time becomes the
 * expression, windows after it group by the new time, and the watermarks stay those of the source,
 * so rows moved behind them are late and dropped.
 */
class SqlRetimingEndToEndTest {

    /**
     * {@code events (k BIGINT, v BIGINT)} in two phases: n = 0 … 1,999 at event time n × 10 ms, then,
     * once the watermark of the first phase must be out (the source reports itself idle for two
     * watermark periods, and the runtime flushes the watermark generator on each idle report), n =
     * 2,000 … 2,999. k = n % 5, v = n. One subtask: the watermark precedes the second phase's rows.
     */
    static final class Phased implements Connector {
        static final long PERIOD = WatermarkOperator.DEFAULT_PERIOD_NANOS;

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("phased", "Phased", null, null, true, false, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws org.wadi.spi.connector.ConnectorException {
            request.options().checkAllKnown();
            return new ConnectorTable(request.name(), "phased", Map.of(), SqlWindowEndToEndTest.Events.SCHEMA,
                    Set.of(TableRole.SOURCE), true);
        }

        @Override
        public Source createSource(ConnectorTable table) {
            return new Source() {
                long next;
                long firstPhaseDoneAt = -1;
                boolean watermarkOut;

                @Override
                public void open(SourceContext context) {
                }

                @Override
                public SourceStatus poll(Collector out) {
                    if (next == 2000 && !watermarkOut) {
                        long now = System.nanoTime();
                        if (firstPhaseDoneAt < 0) {
                            firstPhaseDoneAt = now;
                        } else if (now - firstPhaseDoneAt > 2 * PERIOD) {
                            // this idle report's flush emits the first phase's watermark at the latest
                            watermarkOut = true;
                        }
                        return SourceStatus.IDLE;
                    }
                    long end = next < 2000 ? 2000 : 3000;
                    for (int i = 0; i < 100 && next < end; i++, next++) {
                        out.collect(new Object[] {next % 5, next, next * 10_000_000L});
                    }
                    return next < 3000 ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    /** Runs the query over {@code events} at a parallelism; returns the sink's rows, event time last, sorted. */
    private static List<String> run(String sql, Connector events, int parallelism) throws Exception {
        SqlWindowEndToEndTest.CollectTable out = new SqlWindowEndToEndTest.CollectTable();
        PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(Map.of("events", events, "collect", out)),
                TestConnectors.FILES).plan("CREATE TABLE events WITH (connector = 'events');\n"
                        + "CREATE TABLE out WITH (connector = 'collect');\n" + sql, parallelism);
        assertTrue(planned.ok(), () -> planned.errors().toString());
        DataflowPlan plan = PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(events);
        registry.add(out);
        SqlWindowEndToEndTest.Reports recorder = new SqlWindowEndToEndTest.Reports();
        Execution e = Execution.build("job_retime", plan, "w1", Execution.Placement.all("w1"), registry,
                TestConnectors.FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder);
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        List<String> rows = new ArrayList<>();
        synchronized (out.rows) {
            for (Object[] r : out.rows) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    Object v = r[i];
                    b.append(i == 0 ? "" : " ").append(v instanceof Object[] w ? "[" + (long) w[0] / 1_000_000 + "ms,"
                            + (long) w[1] / 1_000_000 + "ms)" : String.valueOf(v));
                }
                rows.add(b.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void aWindowOverRetimedRowsGroupsByTheNewTimeAndDropsRowsMovedBehindTheWatermark() throws Exception {
        // the first phase on its own time; the second's even rows 30 s later, its odd ones 15 s earlier:
        // behind the first phase's watermark (19.99 s - 1 s), so late
        List<String> rows = run("""
                CREATE VIEW retimed AS SELECT k, v, CASE WHEN v < 2000 THEN _timestamp
                  WHEN v % 2 = 0 THEN _timestamp + INTERVAL '30' SECOND
                  ELSE _timestamp - INTERVAL '15' SECOND END AS _timestamp FROM events;
                INSERT INTO out SELECT tumble(interval '5 seconds') AS window, count(*) AS n FROM retimed GROUP BY window;
                """, new Phased(), 1);
        // each window's results carry its end - 1 ns as their event time
        assertEquals(List.of(
                "[0ms,5000ms) 500 4999999999",
                "[10000ms,15000ms) 500 14999999999",
                "[15000ms,20000ms) 500 19999999999",
                "[50000ms,55000ms) 250 54999999999",
                "[5000ms,10000ms) 500 9999999999",
                "[55000ms,60000ms) 250 59999999999"), rows);
    }

    @Test
    void rowsCarryTheirNewTimeThroughASubqueryToTheSink() throws Exception {
        List<String> rows = run("""
                INSERT INTO out WITH later AS (SELECT v, _timestamp + INTERVAL '1' HOUR AS _timestamp FROM events)
                SELECT v, CAST(_timestamp AS TEXT) AS t FROM later WHERE v < 3;
                """, new SqlWindowEndToEndTest.Events(), 2);
        assertEquals(List.of(
                "0 1970-01-01 01:00:00 3600000000000",
                "1 1970-01-01 01:00:00.01 3600010000000",
                "2 1970-01-01 01:00:00.02 3600020000000"), rows);
    }
}
