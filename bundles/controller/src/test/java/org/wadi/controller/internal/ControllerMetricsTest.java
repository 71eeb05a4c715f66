package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wadi.spi.job.JobState;
import org.wadi.store.JobLogLevel;

/** The server's metrics in Prometheus's text format: names, units, labels and values. */
class ControllerMetricsTest {

    static String scrape(ControllerMetrics metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            metrics.writeText(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of one sample line ({@code name{labels} value}), if the text has it. */
    static Optional<Double> sample(String text, String nameAndLabels) {
        for (String line : text.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) {
                return Optional.of(Double.parseDouble(line.substring(nameAndLabels.length() + 1).trim()));
            }
        }
        return Optional.empty();
    }

    @Test
    void jobsAreCountedByStateWithZeroForEmptyStates() {
        ControllerMetrics m = new ControllerMetrics(() -> Map.of(JobState.Running, 3L, JobState.Failed, 1L), false);
        String text = scrape(m);
        assertTrue(text.contains("# TYPE wadi_jobs gauge"), text);
        assertEquals(Optional.of(3.0), sample(text, "wadi_jobs{state=\"Running\"}"));
        assertEquals(Optional.of(1.0), sample(text, "wadi_jobs{state=\"Failed\"}"));
        assertEquals(Optional.of(0.0), sample(text, "wadi_jobs{state=\"Recovering\"}"));
    }

    @Test
    void aStoreThatCannotCountLeavesTheGaugeOutButTheScrapeWorks() {
        ControllerMetrics m = new ControllerMetrics(() -> {
            throw new IllegalStateException("database down");
        }, false);
        m.checkpointFailed();
        String text = scrape(m);
        assertTrue(sample(text, "wadi_jobs{state=\"Running\"}").isEmpty(), text);
        assertEquals(Optional.of(1.0), sample(text, "wadi_checkpoints_failed_total"));
    }

    @Test
    void countersEndInTotalOnceAndDurationsAndSizesAreInBaseUnits() {
        ControllerMetrics m = new ControllerMetrics(Map::of, false);
        m.transition(JobState.Running, JobState.Recovering);
        m.transition(JobState.Recovering, JobState.Compiling);
        m.transition(JobState.Running, JobState.Recovering);
        m.checkpointCompleted(Duration.ofMillis(1500), 5000);
        m.checkpointCompleted(Duration.ofMillis(20), 100);
        m.logMessagesRecorded(JobLogLevel.ERROR, 2);
        m.logMessagesDropped(3);
        m.badRecordsDropped(12);
        String text = scrape(m);

        assertFalse(text.contains("_total_total"), text);
        assertEquals(Optional.of(2.0), sample(text, "wadi_job_transitions_total{from=\"Running\",to=\"Recovering\"}"));
        assertEquals(Optional.of(1.0), sample(text, "wadi_job_transitions_total{from=\"Recovering\",to=\"Compiling\"}"));
        assertEquals(Optional.of(2.0), sample(text, "wadi_job_restarts_total"), "entries into Recovering");
        assertEquals(Optional.of(2.0), sample(text, "wadi_checkpoints_completed_total"));
        assertEquals(Optional.of(0.0), sample(text, "wadi_checkpoints_failed_total"));
        assertEquals(Optional.of(2.0), sample(text, "wadi_checkpoint_duration_seconds_count"));
        assertEquals(1.52, sample(text, "wadi_checkpoint_duration_seconds_sum").orElseThrow(), 1e-9);
        assertEquals(Optional.of(1.0), sample(text, "wadi_checkpoint_duration_seconds_bucket{le=\"0.05\"}"));
        assertEquals(Optional.of(2.0), sample(text, "wadi_checkpoint_duration_seconds_bucket{le=\"2.5\"}"));
        assertEquals(Optional.of(5100.0), sample(text, "wadi_checkpoint_size_bytes_sum"));
        assertEquals(Optional.of(1.0), sample(text, "wadi_checkpoint_size_bytes_bucket{le=\"1024.0\"}"));
        assertEquals(Optional.of(2.0), sample(text, "wadi_job_log_messages_total{level=\"error\"}"));
        assertEquals(Optional.of(3.0), sample(text, "wadi_job_log_messages_dropped_total"));
        assertEquals(Optional.of(12.0), sample(text, "wadi_bad_records_dropped_total"));
    }

    @Test
    void apiRequestsAreCountedByRouteTemplateAndStatus() {
        ControllerMetrics m = new ControllerMetrics(Map::of, false);
        m.apiRequest("GET", "/api/v1/pipelines/{id}", 200, 2_000_000);
        m.apiRequest("GET", "/api/v1/pipelines/{id}", 404, 1_000_000);
        m.apiRequest("GET", "/api/v1/pipelines/{id}", 200, -1);
        m.apiRequest("BREW", null, 405, 5_000);
        String text = scrape(m);

        assertEquals(Optional.of(2.0), sample(text,
                "wadi_api_requests_total{method=\"GET\",route=\"/api/v1/pipelines/{id}\",status=\"200\"}"));
        assertEquals(Optional.of(1.0), sample(text,
                "wadi_api_requests_total{method=\"GET\",route=\"/api/v1/pipelines/{id}\",status=\"404\"}"));
        assertEquals(Optional.of(2.0), sample(text,
                "wadi_api_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/pipelines/{id}\"}"),
                "a request of unknown duration is counted, not timed");
        assertEquals(Optional.of(1.0), sample(text,
                "wadi_api_requests_total{method=\"other\",route=\"unmatched\",status=\"405\"}"),
                "unknown methods and routes do not make new series");
    }

    @Test
    void theJvmsMetricsAreThereWhenAsked() {
        assertTrue(scrape(new ControllerMetrics(Map::of, true)).contains("jvm_memory_used_bytes"));
        assertFalse(scrape(new ControllerMetrics(Map::of, false)).contains("jvm_"));
    }
}
