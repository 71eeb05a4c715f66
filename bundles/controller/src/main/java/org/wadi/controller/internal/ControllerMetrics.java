package org.wadi.controller.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.controller.ServerMetrics;
import org.wadi.spi.job.JobState;
import org.wadi.store.JobLogLevel;

/**
 * The server's Prometheus registry and the metrics the controller and the API record in it, named
 * {@code wadi_…} in base units with {@code _total} on counters (Prometheus's conventions), plus the
 * client's standard {@code jvm_…} and {@code process_…} metrics. Each controller has its own
 * registry, so tests see only their own counts. Thread-safe.
 */
public final class ControllerMetrics implements ServerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerMetrics.class);
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final Counter transitions;
    private final Counter restarts;
    private final Counter checkpointsCompleted;
    private final Counter checkpointsFailed;
    private final Histogram checkpointDuration;
    private final Histogram checkpointSize;
    private final Counter logMessages;
    private final Counter logMessagesDropped;
    private final Counter badRecordsDropped;
    private final Counter apiRequests;
    private final Histogram apiDuration;
    private final OperatorMetricsStore operators = new OperatorMetricsStore(java.time.Clock.systemUTC());

    /**
     * @param jobCounts how many jobs are in each state, asked at every scrape (the store's
     *     {@code jobCountsByState}); states it leaves out count 0
     * @param jvm whether to add the JVM's and the process's metrics
     */
    public ControllerMetrics(Supplier<Map<JobState, Long>> jobCounts, boolean jvm) {
        GaugeWithCallback.builder()
                .name("wadi_jobs")
                .help("Jobs in each state, from the database (shared by every server using it)")
                .labelNames("state")
                .callback(callback -> {
                    Map<JobState, Long> counts;
                    try {
                        counts = jobCounts.get();
                    } catch (RuntimeException e) {
                        LOG.debug("Cannot count the jobs by state for /metrics: {}", e.toString());
                        return; // no samples this scrape rather than a failed scrape
                    }
                    for (JobState s : JobState.values()) {
                        callback.call(counts.getOrDefault(s, 0L), s.name());
                    }
                })
                .register(registry);
        transitions = Counter.builder()
                .name("wadi_job_transitions_total")
                .help("State transitions of jobs taken by this controller")
                .labelNames("from", "to")
                .register(registry);
        restarts = Counter.builder()
                .name("wadi_job_restarts_total")
                .help("Restarts of jobs after a task failed or a worker was lost (entries into Recovering)")
                .register(registry);
        checkpointsCompleted = Counter.builder()
                .name("wadi_checkpoints_completed_total")
                .help("Checkpoints every subtask stored and this controller recorded")
                .register(registry);
        checkpointsFailed = Counter.builder()
                .name("wadi_checkpoints_failed_total")
                .help("Checkpoints that failed: a subtask failed to store its state, it timed out, or its run ended")
                .register(registry);
        checkpointDuration = Histogram.builder()
                .name("wadi_checkpoint_duration_seconds")
                .help("Time from triggering a checkpoint to recording it complete")
                .classicOnly()
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
                .register(registry);
        checkpointSize = Histogram.builder()
                .name("wadi_checkpoint_size_bytes")
                .help("State stored by a completed checkpoint, over all its subtasks")
                .classicOnly()
                .classicExponentialUpperBounds(1024, 4, 13)
                .register(registry);
        logMessages = Counter.builder()
                .name("wadi_job_log_messages_total")
                .help("Entries recorded in the jobs' errors lists, by level")
                .labelNames("level")
                .register(registry);
        logMessagesDropped = Counter.builder()
                .name("wadi_job_log_messages_dropped_total")
                .help("Messages of workers not recorded: over a job's rate limit, or the database could not take them")
                .register(registry);
        badRecordsDropped = Counter.builder()
                .name("wadi_bad_records_dropped_total")
                .help("Records workers reported dropping as bad input")
                .register(registry);
        apiRequests = Counter.builder()
                .name("wadi_api_requests_total")
                .help("REST API requests by route template and response status")
                .labelNames("method", "route", "status")
                .register(registry);
        apiDuration = Histogram.builder()
                .name("wadi_api_request_duration_seconds")
                .help("Time to answer REST API requests")
                .labelNames("method", "route")
                .classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        operators.register(registry);
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** The operators' metrics the workers report: recent series, and {@code wadi_operator_…} here. */
    OperatorMetricsStore operators() {
        return operators;
    }

    /** A job moved from one state to another. */
    void transition(JobState from, JobState to) {
        transitions.labelValues(from.name(), to.name()).inc();
        if (to == JobState.Recovering) {
            restarts.inc();
        }
    }

    void checkpointCompleted(Duration took, long bytes) {
        checkpointsCompleted.inc();
        checkpointDuration.observe(took.toNanos() / 1e9);
        checkpointSize.observe(bytes);
    }

    void checkpointFailed() {
        checkpointsFailed.inc();
    }

    void logMessagesRecorded(JobLogLevel level, int n) {
        logMessages.labelValues(level.wire()).inc(n);
    }

    void logMessagesDropped(long n) {
        logMessagesDropped.inc(n);
    }

    void badRecordsDropped(long n) {
        badRecordsDropped.inc(n);
    }

    @Override
    public void apiRequest(String method, String route, int status, long nanos) {
        String m = method != null && METHODS.contains(method) ? method : "other";
        String r = route == null || route.isBlank() ? "unmatched" : route;
        apiRequests.labelValues(m, r, Integer.toString(status)).inc();
        if (nanos >= 0) {
            apiDuration.labelValues(m, r).observe(nanos / 1e9);
        }
    }

    @Override
    public void writeText(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }
}
