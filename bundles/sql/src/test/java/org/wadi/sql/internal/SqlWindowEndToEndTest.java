package org.wadi.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.sql.PlanResult;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.ExecutionListener;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/** Real SQL, planned by the SQL planner, run by this runtime: Arroyo's window queries end to end. */
class SqlWindowEndToEndTest {

    static final long S = 1_000_000_000L;

    /**
     * {@code events}: a bounded table {@code (k BIGINT, v BIGINT)}; subtask i of p emits events
     * n = i, i+p, … below 3,000 with k = n % 5, v = n, at event time n × 10 ms (all on time).
     */
    static final class Events implements Connector {
        static final Schema SCHEMA = Schema.of(new Field("k", DataType.INT64, false),
                new Field("v", DataType.INT64, false));

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("events", "Events", null, null, true, false, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws org.wadi.spi.connector.ConnectorException {
            request.options().checkAllKnown();
            return new ConnectorTable(request.name(), "events", Map.of(), SCHEMA, Set.of(TableRole.SOURCE), true);
        }

        @Override
        public Source createSource(ConnectorTable table) {
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
                    for (int i = 0; i < 100 && next < 3000; i++, next += step) {
                        out.collect(new Object[] {next % 5, next, next * 10_000_000L});
                    }
                    return next < 3000 ? SourceStatus.ACTIVE : SourceStatus.FINISHED;
                }
            };
        }
    }

    /** {@code collect}: takes the query's columns, keeps the rows. */
    static final class CollectTable implements Connector {
        final List<Object[]> rows = Collections.synchronizedList(new ArrayList<>());

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("collect", "Collect", null, null, false, true, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) throws org.wadi.spi.connector.ConnectorException {
            request.options().checkAllKnown();
            return new ConnectorTable(request.name(), "collect", Map.of(), request.columns(), Set.of(TableRole.SINK),
                    false);
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                @Override
                public void open(SinkContext context, byte[] restoredState) {
                }

                @Override
                public void write(Object[] row) {
                    rows.add(row);
                }
            };
        }
    }

    /** Task reports, as text. */
    static final class Reports implements ExecutionListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void running(String operatorId, int subtask) {
        }

        @Override
        public void finished(String operatorId, int subtask) {
        }

        @Override
        public void failed(String operatorId, int subtask, String error, String domain) {
            events.add("FAILED " + operatorId + "#" + subtask + " " + domain + ": " + error);
        }

        @Override
        public void output(String operatorId, int subtask, List<String> jsonRows) {
        }
    }

    /** Runs the query at a parallelism; returns the sink's rows as text, sorted. */
    static List<String> run(String sql, int parallelism) throws Exception {
        Events events = new Events();
        CollectTable out = new CollectTable();
        Map<String, Connector> connectors = new HashMap<>(Map.of("events", events, "collect", out));
        PlanResult planned = new CalciteSqlPlanner(ConnectorLookup.of(connectors), TestConnectors.FILES)
                .plan(sql, parallelism);
        assertTrue(planned.ok(), () -> planned.errors().toString());
        // as a worker gets it
        DataflowPlan plan = PlanCodec.fromJson(PlanCodec.toJson(planned.plan()));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(events);
        registry.add(out);
        Reports recorder = new Reports();
        Execution e = Execution.build("job_sql", plan, "w1", Execution.Placement.all("w1"), registry,
                TestConnectors.FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder);
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());
        List<String> rows = new ArrayList<>();
        synchronized (out.rows) {
            for (Object[] r : out.rows) {
                rows.add(render(r));
            }
        }
        rows.sort(null);
        return rows;
    }

    private static String render(Object[] row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length - 1; i++) {
            Object v = row[i];
            b.append(i == 0 ? "" : " ").append(v instanceof Object[] w ? "[" + (long) w[0] / 1_000_000 + "ms,"
                    + (long) w[1] / 1_000_000 + "ms)" : String.valueOf(v));
        }
        return b.toString();
    }

    private static final String TABLES = """
            CREATE TABLE events WITH (connector = 'events');
            CREATE TABLE out WITH (connector = 'collect');
            """;

    @Test
    void tumbleAsWindowCountStar() throws Exception {
        List<String> rows = run(TABLES + """
                INSERT INTO out SELECT tumble(interval '1 second') AS window, count(*) AS n
                FROM events GROUP BY window;
                """, 1);
        // 3,000 events 10 ms apart: 30 one-second windows of 100
        assertEquals(30, rows.size());
        assertEquals("[0ms,1000ms) 100", rows.get(0));
        assertTrue(rows.stream().allMatch(r -> r.endsWith(" 100")), rows.toString());
        assertEquals(rows, run(TABLES + """
                INSERT INTO out SELECT tumble(interval '1 second') AS window, count(*) AS n
                FROM events GROUP BY window;
                """, 3));
    }

    @Test
    void hopByKeyWithWindowFieldsFilterAndHaving() throws Exception {
        String sql = TABLES + """
                INSERT INTO out
                SELECT window.start AS s, k, n, total, low FROM (
                  SELECT hop(interval '2 seconds', interval '10 seconds') AS window, k,
                         count(*) AS n, sum(v) AS total, min(v) AS low
                  FROM events WHERE v % 2 = 0 GROUP BY 1, 2 HAVING count(*) > 10);
                """;
        List<String> one = run(sql, 1);
        List<String> three = run(sql, 3);
        assertEquals(one, three);
        // even v only: keys 0, 2, 4 get v ≡ 0 (mod 10), v ≡ 2, v ≡ 4 (mod 10) …, all keys have even values;
        // window [0,10 s) holds v 0…998, even: 500 rows, 100 per key
        Map<String, String> firstWindow = new TreeMap<>();
        for (String r : one) {
            String[] f = r.split(" ");
            if (f[0].equals(String.valueOf(0L))) {
                firstWindow.put(f[1], f[2] + " " + f[4]);
            }
        }
        assertEquals(Map.of("0", "100 0", "1", "100 6", "2", "100 2", "3", "100 8", "4", "100 4"), firstWindow);
        // windows from -8 s to 28 s start; the edge ones hold fewer than 11 rows per key and are filtered out
        assertTrue(one.stream().allMatch(r -> Long.parseLong(r.split(" ")[2]) > 10), one.toString());
    }

    @Test
    void sessionPerKey() throws Exception {
        // each key's events are 50 ms apart: a 60 ms gap makes one session per key over the whole input
        List<String> rows = run(TABLES + """
                INSERT INTO out SELECT k, count(*) AS n, max(v) AS last FROM events
                GROUP BY k, session(interval '0.06' second);
                """, 2);
        assertEquals(List.of("0 600 2995", "1 600 2996", "2 600 2997", "3 600 2998", "4 600 2999"), rows);
    }

    @Test
    void aWindowOverAWindowsResults() throws Exception {
        // per key and second 20 events; per ten seconds the busiest key-second still has 20
        String sql = TABLES + """
                INSERT INTO out SELECT tumble(interval '10 seconds') AS window, max(n) AS top,
                                       count(*) AS seconds_and_keys FROM (
                  SELECT tumble(interval '1 second') AS w, k, count(*) AS n FROM events GROUP BY w, k)
                GROUP BY window;
                """;
        List<String> rows = run(sql, 2);
        assertEquals(List.of("[0ms,10000ms) 20 50", "[10000ms,20000ms) 20 50", "[20000ms,30000ms) 20 50"), rows);
    }
}
