package org.wadi.controller.internal;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.wadi.controller.OperatorMetrics;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.SubtaskMetrics;

/**
 * The operators' metrics the workers report, kept in memory per job, operator and subtask for a
 * while ({@link #RETENTION}): served as recent series to the UI ({@link #recent}) and, the newest
 * values, at {@code /metrics} as {@code wadi_operator_…} series labelled {@code job_id},
 * {@code operator_id} and {@code subtask}. A subtask that has not reported for
 * {@link #STALE} leaves {@code /metrics}; one silent for {@link #RETENTION} (its job ended or moved)
 * is forgotten. Thread-safe.
 */
final class OperatorMetricsStore implements OperatorMetrics {

    static final Duration RETENTION = Duration.ofMinutes(5);
    static final Duration STALE = Duration.ofSeconds(30);

    private record Key(String jobId, String operatorId, int subtask) {
    }

    private record Sample(long receivedMillis, SubtaskMetrics metrics, long timeMicros) {
    }

    private final Clock clock;
    private final Map<Key, ArrayDeque<Sample>> series = new ConcurrentHashMap<>();

    OperatorMetricsStore(Clock clock) {
        this.clock = clock;
    }

    /** Keeps a worker's report of job {@code jobId}. */
    void record(String jobId, MetricsReport report) {
        long now = clock.millis();
        long time = report.getTimeMicros() > 0 ? report.getTimeMicros() : now * 1000;
        for (SubtaskMetrics m : report.getSubtasksList()) {
            ArrayDeque<Sample> q = series.computeIfAbsent(new Key(jobId, m.getOperatorId(), m.getSubtask()),
                    k -> new ArrayDeque<>());
            synchronized (q) {
                q.addLast(new Sample(now, m, time));
            }
        }
        expire(now);
    }

    /** Forgets a job's series (it ended). */
    void forget(String jobId) {
        series.keySet().removeIf(k -> k.jobId().equals(jobId));
    }

    private void expire(long now) {
        long oldest = now - RETENTION.toMillis();
        series.entrySet().removeIf(e -> {
            ArrayDeque<Sample> q = e.getValue();
            synchronized (q) {
                while (!q.isEmpty() && q.peekFirst().receivedMillis() < oldest) {
                    q.pollFirst();
                }
                return q.isEmpty();
            }
        });
    }

    @Override
    public List<SubtaskSeries> recent(String jobId) {
        expire(clock.millis());
        List<SubtaskSeries> out = new ArrayList<>();
        for (Map.Entry<Key, ArrayDeque<Sample>> e : series.entrySet()) {
            if (!e.getKey().jobId().equals(jobId)) {
                continue;
            }
            List<Sample> samples;
            synchronized (e.getValue()) {
                samples = new ArrayList<>(e.getValue());
            }
            out.add(new SubtaskSeries(e.getKey().operatorId(), e.getKey().subtask(), series(samples)));
        }
        out.sort(Comparator.comparing(SubtaskSeries::operatorId).thenComparingInt(SubtaskSeries::subtask));
        return out;
    }

    /** Rates per second for the counts (between consecutive samples), values for the gauges. */
    private static Map<Name, List<Point>> series(List<Sample> samples) {
        Map<Name, List<Point>> m = new EnumMap<>(Name.class);
        for (Name n : Name.values()) {
            m.put(n, new ArrayList<>());
        }
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            SubtaskMetrics v = s.metrics();
            long t = s.timeMicros();
            m.get(Name.BACKPRESSURE).add(new Point(t, v.getBackpressure()));
            m.get(Name.TX_QUEUE_SIZE).add(new Point(t, v.getQueueSize()));
            m.get(Name.TX_QUEUE_REM).add(new Point(t, v.getQueueRemaining()));
            if (i == 0) {
                continue;
            }
            Sample p = samples.get(i - 1);
            double seconds = (t - p.timeMicros()) / 1e6;
            if (seconds <= 0) {
                continue;
            }
            SubtaskMetrics u = p.metrics();
            m.get(Name.MESSAGES_RECV).add(new Point(t, rate(v.getRecordsIn(), u.getRecordsIn(), seconds)));
            m.get(Name.MESSAGES_SENT).add(new Point(t, rate(v.getRecordsOut(), u.getRecordsOut(), seconds)));
            m.get(Name.BYTES_RECV).add(new Point(t, rate(v.getBytesIn(), u.getBytesIn(), seconds)));
            m.get(Name.BYTES_SENT).add(new Point(t, rate(v.getBytesOut(), u.getBytesOut(), seconds)));
        }
        return m;
    }

    /** A counter that went back (the subtask restarted) counts from 0. */
    private static double rate(long now, long before, double seconds) {
        return (now >= before ? now - before : now) / seconds;
    }

    /** The newest sample of every subtask that reported lately, for /metrics. */
    private List<Map.Entry<Key, SubtaskMetrics>> latest() {
        long fresh = clock.millis() - STALE.toMillis();
        List<Map.Entry<Key, SubtaskMetrics>> out = new ArrayList<>();
        for (Map.Entry<Key, ArrayDeque<Sample>> e : series.entrySet()) {
            Sample s;
            synchronized (e.getValue()) {
                s = e.getValue().peekLast();
            }
            if (s != null && s.receivedMillis() >= fresh) {
                out.add(Map.entry(e.getKey(), s.metrics()));
            }
        }
        return out;
    }

    /** Registers the {@code wadi_operator_…} series in {@code registry}, read at every scrape. */
    void register(PrometheusRegistry registry) {
        counter(registry, "wadi_operator_records_received_total", "Rows that reached an operator's subtask (its chain's input)", SubtaskMetrics::getRecordsIn);
        counter(registry, "wadi_operator_records_sent_total", "Rows an operator's subtask passed on (a source: rows it read)", SubtaskMetrics::getRecordsOut);
        counter(registry, "wadi_operator_received_bytes_total", "Bytes of rows an operator's subtask received from other workers", SubtaskMetrics::getBytesIn);
        counter(registry, "wadi_operator_sent_bytes_total", "Bytes of rows an operator's subtask sent to other workers", SubtaskMetrics::getBytesOut);
        counter(registry, "wadi_operator_batches_received_total", "Batches that reached an operator's subtask", SubtaskMetrics::getBatchesIn);
        counter(registry, "wadi_operator_batches_sent_total", "Batches an operator's subtask passed on to other tasks", SubtaskMetrics::getBatchesOut);
        counter(registry, "wadi_source_bad_records_dropped_total", "Records a source subtask dropped as bad input (bad_data = 'drop')", SubtaskMetrics::getBadRecordsDropped);
        gauge(registry, "wadi_operator_backpressure_ratio", "Share of the last interval the subtask's task was blocked on a full output queue or waiting for credit", SubtaskMetrics::getBackpressure);
        gauge(registry, "wadi_operator_queue_batches", "Batches queued in front of the subtask's task", SubtaskMetrics::getQueueSize);
        gauge(registry, "wadi_operator_queue_remaining_batches", "Batches the queues in front of the subtask's task can still take", SubtaskMetrics::getQueueRemaining);
        gauge(registry, "wadi_operator_watermark_lag_seconds", "Now minus the newest event-time watermark that reached the subtask's task", m -> m.getWatermarkLagMicros() < 0 ? Double.NaN : m.getWatermarkLagMicros() / 1e6);
        gauge(registry, "wadi_operator_state_size_bytes", "State the subtask stored at its last checkpoint", SubtaskMetrics::getStateBytes);
        gauge(registry, "wadi_operator_checkpoint_duration_seconds", "How long the subtask took to store its state at its last checkpoint", m -> m.getCheckpointDurationMicros() / 1e6);
    }

    private void counter(PrometheusRegistry registry, String name, String help, ToDoubleFunction<SubtaskMetrics> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("job_id", "operator_id", "subtask")
                .callback(cb -> {
                    for (Map.Entry<Key, SubtaskMetrics> e : latest()) {
                        cb.call(value.applyAsDouble(e.getValue()), e.getKey().jobId(), e.getKey().operatorId(),
                                Integer.toString(e.getKey().subtask()));
                    }
                })
                .register(registry);
    }

    private void gauge(PrometheusRegistry registry, String name, String help, ToDoubleFunction<SubtaskMetrics> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("job_id", "operator_id", "subtask")
                .callback(cb -> {
                    for (Map.Entry<Key, SubtaskMetrics> e : latest()) {
                        double v = value.applyAsDouble(e.getValue());
                        if (!Double.isNaN(v)) {
                            cb.call(v, e.getKey().jobId(), e.getKey().operatorId(), Integer.toString(e.getKey().subtask()));
                        }
                    }
                })
                .register(registry);
    }
}
