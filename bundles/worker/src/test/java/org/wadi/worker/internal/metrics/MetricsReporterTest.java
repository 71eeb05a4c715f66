package org.wadi.worker.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.LogLevel;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.SubtaskMetrics;
import org.wadi.rpc.WorkerLog;

class MetricsReporterTest {

    final List<TaskMetrics> tasks = new ArrayList<>();
    final MetricsReporter reporter = new MetricsReporter(() -> tasks);

    static TaskMetrics task(boolean source, int subtask, String... operators) {
        TaskMetrics t = new TaskMetrics(subtask, source);
        t.operators(List.of(operators));
        return t;
    }

    @Test
    void countersAddUpPerBatch() {
        TaskMetrics t = task(false, 1, "calc_2", "sink_3");
        t.received(100);
        t.received(28);
        t.receivedBytes(1000);
        t.sent(64, 5);
        t.sent(64, 7);
        t.sentBytes(500);
        assertEquals(128, t.recordsIn());
        assertEquals(2, t.batchesIn());
        assertEquals(1000, t.bytesIn());
        assertEquals(128, t.recordsOut());
        assertEquals(2, t.batchesOut());
        assertEquals(500, t.bytesOut());
        assertEquals(12, t.blockedNanos());
    }

    @Test
    void everyOperatorOfAChainIsReportedAndASourceSendsWhatItRead() {
        TaskMetrics src = task(true, 0, "source_1", "calc_2");
        for (int i = 0; i < 7; i++) {
            src.receivedOne();
        }
        src.sent(3, 0);
        tasks.add(src);
        MetricsReport r = reporter.report(1_000, 5_000_000);
        assertEquals(5_000_000, r.getTimeMicros());
        assertEquals(2, r.getSubtasksCount());
        SubtaskMetrics source = r.getSubtasks(0);
        assertEquals("source_1", source.getOperatorId());
        assertEquals(0, source.getRecordsIn());
        assertEquals(7, source.getRecordsOut());
        SubtaskMetrics calc = r.getSubtasks(1);
        assertEquals("calc_2", calc.getOperatorId());
        assertEquals(7, calc.getRecordsIn());
        assertEquals(3, calc.getRecordsOut());
        assertEquals(-1, calc.getWatermarkLagMicros(), "no watermark yet");
    }

    @Test
    void backpressureIsTheShareOfTheIntervalSpentBlocked() {
        TaskMetrics t = task(false, 0, "sink_2");
        tasks.add(t);
        reporter.report(1_000_000_000L, 1);
        t.sent(10, 250_000_000L); // blocked a quarter of the next second
        assertEquals(0.25, reporter.report(2_000_000_000L, 2).getSubtasks(0).getBackpressure(), 1e-9);
        t.sent(10, 5_000_000_000L); // more than the interval (clock granularity): capped at 1
        assertEquals(1.0, reporter.report(3_000_000_000L, 3).getSubtasks(0).getBackpressure(), 1e-9);
        assertEquals(0.0, reporter.report(4_000_000_000L, 4).getSubtasks(0).getBackpressure(), 1e-9);
    }

    @Test
    void watermarkLagCheckpointAndQueues() {
        TaskMetrics t = task(false, 2, "window_3");
        t.watermark(10_000_000_000L); // 10 s after the epoch, in nanoseconds
        t.queue(new TaskMetrics.Queue() {
            @Override
            public int queued() {
                return 3;
            }

            @Override
            public int capacity() {
                return 8;
            }
        });
        tasks.add(t);
        reporter.checkpointed("window_3", 2, 4096, 1_000, 251_000);
        SubtaskMetrics m = reporter.report(1, 12_500_000).getSubtasks(0);
        assertEquals(2_500_000, m.getWatermarkLagMicros());
        assertEquals(3, m.getQueueSize());
        assertEquals(5, m.getQueueRemaining());
        assertEquals(4096, m.getStateBytes());
        assertEquals(250_000, m.getCheckpointDurationMicros());
    }

    @Test
    void droppedRecordsAreReportedOnceInAggregateWithTheLastReason() {
        TaskMetrics t = task(true, 1, "source_1");
        tasks.add(t);
        assertEquals(List.of(), reporter.badData(1));
        t.badRecord("nats table 'orders'", "not JSON: '{x'");
        t.badRecord("nats table 'orders'", "not JSON: 'y'");
        List<WorkerLog> logs = reporter.badData(7);
        assertEquals(1, logs.size());
        WorkerLog l = logs.get(0);
        assertEquals(2, l.getDroppedRecords());
        assertEquals(LogLevel.LOG_WARN, l.getLevel());
        assertEquals("source_1", l.getOperatorId());
        assertEquals(1, l.getSubtask());
        assertEquals("dropped 2 bad records, last: nats table 'orders': not JSON: 'y'", l.getMessage());
        assertEquals(List.of(), reporter.badData(8), "nothing new, nothing reported");
        t.badRecord("nats table 'orders'", "z");
        assertEquals(1, reporter.badData(9).get(0).getDroppedRecords(), "only what is new since the last report");
        assertEquals(3, reporter.report(10, 10).getSubtasks(0).getBadRecordsDropped(), "the metric is the total");
    }

    @Test
    void prometheusTextHasLabelledSeriesInBaseUnits() {
        TaskMetrics t = task(true, 0, "source_1");
        t.receivedOne();
        t.sent(1, 0);
        t.sentBytes(42);
        t.badRecord("w", "r");
        tasks.add(t);
        String text = MetricsReporter.prometheusText("job_\"1", reporter.report(1, 1));
        assertTrue(text.contains("# TYPE wadi_operator_records_sent_total counter\n"), text);
        assertTrue(text.contains("wadi_operator_records_sent_total{job_id=\"job_\\\"1\",operator_id=\"source_1\",subtask=\"0\"} 1\n"), text);
        assertTrue(text.contains("wadi_operator_sent_bytes_total{job_id=\"job_\\\"1\",operator_id=\"source_1\",subtask=\"0\"} 42\n"), text);
        assertTrue(text.contains("wadi_source_bad_records_dropped_total{job_id=\"job_\\\"1\",operator_id=\"source_1\",subtask=\"0\"} 1\n"), text);
        assertTrue(!text.contains("wadi_operator_watermark_lag_seconds{"), "no watermark, no sample: " + text);
    }
}
