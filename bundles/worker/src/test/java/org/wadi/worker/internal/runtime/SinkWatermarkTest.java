package org.wadi.worker.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Sink;
import org.wadi.spi.connector.SinkContext;
import org.wadi.spi.connector.TableRequest;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.EdgeKind;
import org.wadi.spi.plan.PlanEdge;
import org.wadi.spi.plan.PlanNode;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.spi.plan.SourceOperator;
import org.wadi.spi.plan.WatermarkOperator;
import org.wadi.worker.internal.ConnectorRegistry;
import org.wadi.worker.internal.expr.ExprCompiler;

/** Sinks hear the watermark as it advances, on their own thread, between the rows. */
class SinkWatermarkTest {

    static final long S = 1_000_000_000L;

    /** {@code events}: records rows and watermarks in the order the sink got them, with the thread. */
    static final class Events implements Connector {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<Long> watermarks = Collections.synchronizedList(new ArrayList<>());
        volatile boolean otherThread;

        @Override
        public ConnectorMetadata metadata() {
            return new ConnectorMetadata("events", "Events", null, null, false, true, false, false, false, true, null,
                    null);
        }

        @Override
        public ConnectorTable table(TableRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sink createSink(ConnectorTable table) {
            return new Sink() {
                Thread thread;
                long maxWritten = Long.MIN_VALUE;

                @Override
                public void open(SinkContext context, byte[] restoredState) {
                    thread = Thread.currentThread();
                }

                @Override
                public void write(Object[] row) {
                    check();
                    maxWritten = Math.max(maxWritten, (Long) row[1]);
                    events.add("row " + row[1]);
                }

                @Override
                public void watermark(long watermark) {
                    check();
                    watermarks.add(watermark);
                    events.add("watermark " + watermark + " after " + maxWritten);
                }

                private void check() {
                    if (Thread.currentThread() != thread) {
                        otherThread = true;
                    }
                }
            };
        }
    }

    @Test
    void theSinkHearsEachAdvanceOfTheWatermarkOnItsThread() throws Exception {
        Events sink = new Events();
        ScriptedSource source = new ScriptedSource(false);
        List<Object[]> rows = new ArrayList<>();
        // the generator looks at the clock every 1024 rows: 20 looks, each a watermark (period 0)
        for (long n = 0; n < 20 * 1024; n++) {
            rows.add(new Object[] {n, n * S / 1000});
        }
        source.rows.put(0, rows);
        org.wadi.spi.types.Schema row = org.wadi.spi.types.Schema.of(
                org.wadi.spi.types.Field.of("n", org.wadi.spi.types.DataType.INT64),
                new org.wadi.spi.types.Field("_timestamp", org.wadi.spi.types.DataType.TIMESTAMP, false));
        DataflowPlan plan = new DataflowPlan(List.of(
                new PlanNode("source_1", "scripted", 1, new SourceOperator(TestConnectors.table("in", "scripted",
                        Map.of("per_poll", "100")))),
                new PlanNode("watermark_2", "watermark", 1, new WatermarkOperator(row, 0, 0, 0)),
                new PlanNode("sink_3", "events", 1, new SinkOperator(TestConnectors.table("out", "events", Map.of())))),
                List.of(new PlanEdge("source_1", "watermark_2", EdgeKind.FORWARD, List.of(), row),
                        new PlanEdge("watermark_2", "sink_3", EdgeKind.FORWARD, List.of(), row)));
        ConnectorRegistry registry = new ConnectorRegistry();
        registry.add(source);
        registry.add(sink);
        TestConnectors.Recorder recorder = new TestConnectors.Recorder();
        Execution e = Execution.build("job_wm", plan, "w1", Execution.Placement.all("w1"), registry,
                ExecutionTest.NO_FILES, new ExprCompiler(), RuntimeOptions.DEFAULTS, recorder);
        e.start();
        e.done().get(30, TimeUnit.SECONDS);
        assertTrue(recorder.events.stream().noneMatch(s -> s.startsWith("FAILED")), recorder.events.toString());

        List<Long> got = List.copyOf(sink.watermarks);
        assertTrue(got.size() >= 20, "a watermark per 1024 rows, got " + got);
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i) > got.get(i - 1), "watermarks only advance: " + got);
        }
        assertTrue(got.stream().allMatch(w -> w > Long.MIN_VALUE + 1 && w < Long.MAX_VALUE),
                "neither idle nor the end is passed on: " + got);
        // never ahead of the rows: the generator's watermark is the largest event time seen - 1 ns
        synchronized (sink.events) {
            for (String event : sink.events) {
                if (event.startsWith("watermark ")) {
                    String[] parts = event.split(" ");
                    assertTrue(Long.parseLong(parts[1]) < Long.parseLong(parts[3]), event);
                }
            }
        }
        // the generator looks at least every 1024 rows (and at flushes): the last look is among the last 1024 rows
        long last = got.get(got.size() - 1);
        assertTrue(last <= (20 * 1024 - 1) * S / 1000 - 1 && last >= (19 * 1024 - 1) * S / 1000 - 1,
                "the last watermark follows the last rows: " + last);
        assertTrue(!sink.otherThread, "every call on the sink's own thread");
    }
}
