package org.wadi.connector.filesystem.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Options;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.runtime.Execution;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/**
 * {@code rolling_policy.watermark} through the worker: the watermark generator's watermarks reach
 * the filesystem sink, which closes an hour's file once the watermark has left that hour, so a row
 * arriving late for it lands in a second file of that hour.
 */
class WatermarkRollingExecutionTest {

    static final Schema COLUMNS = Schema.of(Field.of("id", DataType.INT64), Field.of("kind", DataType.UTF8));
    /** 2025-10-07T21:00:00Z in nanoseconds. */
    static final long H0 = 1_759_870_800_000_000_000L;
    static final long HOUR = 3_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /** {@code hours}: a poll per hour of event time (100 rows each), the last with a row late for hour 0. */
    static final class Hours implements Connector {
        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("hours", "Hours", null, null, true, false, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Source createSource(ConnectorTable table) {
            return new Source() {
                int hour;

                @Override
                public void open(SourceContext context) {
                }

                @Override
                public SourceStatus poll(Collector out) {
                    if (hour == 3) {
                        return SourceStatus.FINISHED;
                    }
                    for (int i = 0; i < 100; i++) {
                        long id = hour * 100L + i;
                        out.collect(new Object[] {id, "k", H0 + hour * HOUR + i * SECOND});
                    }
                    if (hour == 2) {
                        out.collect(new Object[] {999L, "late", H0 + 50 * SECOND});
                    }
                    hour++;
                    // idle after each hour: the task flushes, and the generator emits its watermark
                    return SourceStatus.IDLE;
                }
            };
        }
    }

    private TreeMap<String, Integer> run(boolean rollOnWatermark, String out) throws Exception {
        FileSystemConnector files = new FileSystemConnector();
        Hours hours = new Hours();
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(files);
        registry.add(hours);
        Schema rows = COLUMNS.withTimestamp();
        Map<String, String> options = new java.util.HashMap<>(Map.of("type", "sink", "path",
                dir.resolve(out).toString(), "format", "json", "partitioning.time_pattern", "%Y/%m/%d/%H"));
        if (rollOnWatermark) {
            options.put("rolling_policy.watermark", "true");
        }
        ConnectorTable sink = files.table(new TableRequest("out", COLUMNS, new Options("filesystem", options), null));
        ConnectorTable source = new ConnectorTable("in", "hours", Map.of(), COLUMNS,
                java.util.Set.of(org.wadi.spi.connector.TableRole.SOURCE), true);
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "in", 1, new SourceOperator(source)),
                new PlanNode("watermark_2", "watermark", 1, new WatermarkOperator(rows, 0, 0, 0)),
                new PlanNode("sink_3", "out", 1, new SinkOperator(sink))),
                List.of(new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), rows),
                        new PlanEdge("watermark_2", "sink_3", EdgeKind.FORWARD, List.of(), rows)));
        FileSystemExecutionTest.Reports reports = new FileSystemExecutionTest.Reports();
        Execution e = Execution.build("job_wm", plan, "w1", Execution.Placement.all("w1"), registry, p -> Path.of(p),
                new ExprCompiler(), RuntimeOptions.DEFAULTS, reports);
        e.start();
        e.done().get(60, TimeUnit.SECONDS);
        assertEquals(List.of(), reports.failures);
        // published files per hour folder, and every row once
        TreeMap<String, Integer> perHour = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        Path root = dir.resolve(out);
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                assertTrue(!p.getFileName().toString().startsWith("."), "nothing left in progress: " + p);
                perHour.merge(root.relativize(p.getParent()).toString(), 1, Integer::sum);
                lines.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(301, lines.size());
        return perHour;
    }

    @Test
    void aRowLateForAnHourTheWatermarkClosedGoesIntoANewFile() throws Exception {
        assertEquals(Map.of("2025/10/07/21", 2, "2025/10/07/22", 1, "2025/10/07/23", 1), run(true, "rolled"));
        // without the policy the hour's file stays open until the end and takes the late row
        assertEquals(Map.of("2025/10/07/21", 1, "2025/10/07/22", 1, "2025/10/07/23", 1), run(false, "plain"));
    }
}
