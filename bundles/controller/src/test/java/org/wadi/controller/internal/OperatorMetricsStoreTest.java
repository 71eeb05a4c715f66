package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wadi.controller.OperatorMetrics;
import org.wadi.controller.OperatorMetrics.Name;
import org.wadi.controller.OperatorMetrics.Point;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.SubtaskMetrics;

/** The controller's store of the workers' reports: series per subtask, rates, expiry and /metrics. */
class OperatorMetricsStoreTest {

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final TestClock clock = new TestClock();
    final OperatorMetricsStore store = new OperatorMetricsStore(clock);

    MetricsReport report(long seconds, String op, int subtask, long in, long out, long bytesOut, double bp) {
        return MetricsReport.newBuilder().setTimeMicros(seconds * 1_000_000L).addSubtasks(SubtaskMetrics.newBuilder()
                .setOperatorId(op).setSubtask(subtask).setRecordsIn(in).setRecordsOut(out).setBytesOut(bytesOut)
                .setBackpressure(bp).setQueueSize(2).setQueueRemaining(6).setWatermarkLagMicros(-1)
                .setStateBytes(512).setCheckpointDurationMicros(1_500_000).setBadRecordsDropped(op.startsWith("source") ? 4 : 0))
                .build();
    }

    static List<Point> series(List<OperatorMetrics.SubtaskSeries> all, String op, int subtask, Name name) {
        return all.stream().filter(s -> s.operatorId().equals(op) && s.subtask() == subtask).findFirst()
                .orElseThrow(() -> new AssertionError("no series for " + op + "[" + subtask + "] in " + all))
                .series().get(name);
    }

    @Test
    void countsBecomeRatesPerSecondAndGaugesStayValues() {
        store.record("job_a", report(100, "source_1", 0, 0, 1_000, 10_000, 0.0));
        clock.advance(Duration.ofSeconds(5));
        store.record("job_a", report(105, "source_1", 0, 0, 6_000, 60_000, 0.5));
        clock.advance(Duration.ofSeconds(5));
        store.record("job_a", report(110, "source_1", 0, 0, 6_000, 60_000, 0.25));

        List<OperatorMetrics.SubtaskSeries> all = store.recent("job_a");
        assertEquals(List.of(new Point(105_000_000L, 1_000.0), new Point(110_000_000L, 0.0)),
                series(all, "source_1", 0, Name.MESSAGES_SENT));
        assertEquals(List.of(new Point(105_000_000L, 10_000.0), new Point(110_000_000L, 0.0)),
                series(all, "source_1", 0, Name.BYTES_SENT));
        assertEquals(List.of(0.0, 0.5, 0.25), series(all, "source_1", 0, Name.BACKPRESSURE).stream().map(Point::value).toList());
        assertEquals(6.0, series(all, "source_1", 0, Name.TX_QUEUE_REM).get(2).value());
        assertEquals(List.of(), store.recent("job_other"), "another job has no series");
    }

    @Test
    void aRestartedSubtaskCountsFromZero() {
        store.record("job_a", report(100, "sink_2", 1, 9_000, 0, 0, 0));
        store.record("job_a", report(102, "sink_2", 1, 400, 0, 0, 0));
        assertEquals(200.0, series(store.recent("job_a"), "sink_2", 1, Name.MESSAGES_RECV).get(0).value());
    }

    @Test
    void oldSamplesExpireAndAnEndedJobIsForgotten() {
        store.record("job_a", report(100, "source_1", 0, 0, 1, 0, 0));
        clock.advance(OperatorMetricsStore.RETENTION.plusSeconds(1));
        store.record("job_a", report(401, "source_1", 1, 0, 1, 0, 0));
        List<OperatorMetrics.SubtaskSeries> all = store.recent("job_a");
        assertEquals(1, all.size(), "subtask 0 has not reported for longer than the retention: " + all);
        assertEquals(1, all.get(0).subtask());
        store.forget("job_a");
        assertEquals(List.of(), store.recent("job_a"));
    }

    @Test
    void metricsShowTheNewestValuesLabelledInBaseUnits() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        store.register(registry);
        store.record("job_a", report(100, "source_1", 0, 0, 1_000, 10_000, 0.5));
        store.record("job_a", report(105, "source_1", 0, 0, 1_500, 15_000, 0.5));
        String text = scrape(registry);
        String labels = "{job_id=\"job_a\",operator_id=\"source_1\",subtask=\"0\"}";
        assertTrue(text.contains("# TYPE wadi_operator_records_sent_total counter"), text);
        assertEquals(Optional.of(1_500.0), ControllerMetricsTest.sample(text, "wadi_operator_records_sent_total" + labels));
        assertEquals(Optional.of(15_000.0), ControllerMetricsTest.sample(text, "wadi_operator_sent_bytes_total" + labels));
        assertEquals(Optional.of(0.5), ControllerMetricsTest.sample(text, "wadi_operator_backpressure_ratio" + labels));
        assertEquals(Optional.of(512.0), ControllerMetricsTest.sample(text, "wadi_operator_state_size_bytes" + labels));
        assertEquals(Optional.of(1.5), ControllerMetricsTest.sample(text, "wadi_operator_checkpoint_duration_seconds" + labels));
        assertEquals(Optional.of(4.0), ControllerMetricsTest.sample(text, "wadi_source_bad_records_dropped_total" + labels));
        assertTrue(ControllerMetricsTest.sample(text, "wadi_operator_watermark_lag_seconds" + labels).isEmpty(),
                "no watermark, no sample: " + text);
        clock.advance(OperatorMetricsStore.STALE.plusSeconds(1));
        assertTrue(ControllerMetricsTest.sample(scrape(registry), "wadi_operator_records_sent_total" + labels).isEmpty(),
                "a subtask that stopped reporting leaves /metrics");
    }

    @Test
    void theServersMetricsIncludeTheOperators() {
        ControllerMetrics m = new ControllerMetrics(Map::of, false);
        m.operators().record("job_b", report(1, "calc_2", 3, 7, 7, 0, 0));
        assertEquals(Optional.of(7.0), ControllerMetricsTest.sample(ControllerMetricsTest.scrape(m),
                "wadi_operator_records_received_total{job_id=\"job_b\",operator_id=\"calc_2\",subtask=\"3\"}"));
    }

    static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
