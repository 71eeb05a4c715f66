package org.wadi.worker.internal.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.wadi.rpc.LogLevel;
import org.wadi.rpc.MetricsReport;
import org.wadi.rpc.SubtaskMetrics;
import org.wadi.rpc.WorkerLog;

/**
 * Turns the worker's {@link TaskMetrics} into reports: a {@link MetricsReport} for the controller,
 * {@link WorkerLog}s for the records sources dropped since the last report, and Prometheus's text
 * format for a Pushgateway. Backpressure is the share of the interval since the previous report
 * that a task spent blocked sending. Called from one thread (the worker's control thread).
 */
public final class MetricsReporter {

    private final Supplier<List<TaskMetrics>> tasks;
    private final Map<String, long[]> checkpoints = new ConcurrentHashMap<>();
    /** Per task: blocked nanoseconds and time at the previous report. */
    private final Map<TaskMetrics, long[]> previous = new HashMap<>();
    private final Map<TaskMetrics, Long> reportedBad = new HashMap<>();
    private final Map<TaskMetrics, Double> backpressure = new HashMap<>();

    /** @param tasks the worker's tasks now (empty before they are built) */
    public MetricsReporter(Supplier<List<TaskMetrics>> tasks) {
        this.tasks = tasks;
    }

    /** A subtask stored its state for a checkpoint (any thread). */
    public void checkpointed(String operatorId, int subtask, long bytes, long startMicros, long finishMicros) {
        checkpoints.put(operatorId + "#" + subtask, new long[] {bytes, Math.max(0, finishMicros - startMicros)});
    }

    /** The figures of every local subtask now. */
    public MetricsReport report(long nowNanos, long nowMicros) {
        MetricsReport.Builder report = MetricsReport.newBuilder().setTimeMicros(nowMicros);
        for (TaskMetrics t : tasks.get()) {
            double bp = backpressure(t, nowNanos);
            TaskMetrics.Queue q = t.queue();
            int queued = q == null ? 0 : q.queued();
            int capacity = q == null ? 0 : q.capacity();
            long wm = t.watermarkNanos();
            long lag = wm == TaskMetrics.NO_WATERMARK || wm < 0 ? -1 : Math.max(0, nowMicros - wm / 1000);
            String[] ops = t.operators();
            for (int i = 0; i < ops.length; i++) {
                long[] cp = checkpoints.getOrDefault(ops[i] + "#" + t.subtask(), new long[2]);
                // a source emits what it read: its rows out are the task's rows in
                long out = t.source() && i == 0 ? t.recordsIn() : t.recordsOut();
                report.addSubtasks(SubtaskMetrics.newBuilder()
                        .setOperatorId(ops[i])
                        .setSubtask(t.subtask())
                        .setRecordsIn(t.source() && i == 0 ? 0 : t.recordsIn())
                        .setRecordsOut(out)
                        .setBytesIn(t.bytesIn())
                        .setBytesOut(t.bytesOut())
                        .setBatchesIn(t.batchesIn())
                        .setBatchesOut(t.batchesOut())
                        .setBackpressure(bp)
                        .setQueueSize(queued)
                        .setQueueRemaining(Math.max(0, capacity - queued))
                        .setWatermarkLagMicros(lag)
                        .setStateBytes(cp[0])
                        .setCheckpointDurationMicros(cp[1])
                        .setBadRecordsDropped(i == 0 ? t.badRecords() : 0));
            }
        }
        return report.build();
    }

    private double backpressure(TaskMetrics t, long nowNanos) {
        long blocked = t.blockedNanos();
        long[] prev = previous.get(t);
        previous.put(t, new long[] {blocked, nowNanos});
        if (prev == null || nowNanos <= prev[1]) {
            return backpressure.getOrDefault(t, 0.0);
        }
        double ratio = Math.min(1.0, Math.max(0.0, (blocked - prev[0]) / (double) (nowNanos - prev[1])));
        backpressure.put(t, ratio);
        return ratio;
    }

    /**
     * One warning per source subtask that dropped records since the last call: "dropped N bad
     * records, last: where: reason".
     */
    public List<WorkerLog> badData(long nowMicros) {
        List<WorkerLog> logs = new ArrayList<>();
        for (TaskMetrics t : tasks.get()) {
            long n = t.badRecords();
            long before = reportedBad.getOrDefault(t, 0L);
            if (n <= before) {
                continue;
            }
            reportedBad.put(t, n);
            String last = t.lastBadRecord();
            logs.add(WorkerLog.newBuilder()
                    .setLevel(LogLevel.LOG_WARN)
                    .setOperatorId(t.operators()[0])
                    .setSubtask(t.subtask())
                    .setTimeMicros(nowMicros)
                    .setDroppedRecords(n - before)
                    .setMessage("dropped " + (n - before) + " bad records, last: " + (last == null ? "?" : last))
                    .build());
        }
        return logs;
    }

    /**
     * The report in Prometheus's text format 0.0.4, series {@code wadi_operator_…} and
     * {@code wadi_source_bad_records_dropped_total} labelled with job, operator and subtask.
     */
    public static String prometheusText(String jobId, MetricsReport report) {
        StringBuilder b = new StringBuilder();
        for (Series s : Series.values()) {
            b.append("# TYPE ").append(s.metric).append(' ').append(s.counter ? "counter" : "gauge").append('\n');
            for (SubtaskMetrics m : report.getSubtasksList()) {
                if (s == Series.BAD_RECORDS && m.getBadRecordsDropped() == 0) {
                    continue;
                }
                double v = s.value(m);
                if (Double.isNaN(v)) {
                    continue;
                }
                b.append(s.metric).append("{job_id=\"").append(escape(jobId)).append("\",operator_id=\"")
                        .append(escape(m.getOperatorId())).append("\",subtask=\"").append(m.getSubtask()).append("\"} ")
                        .append(format(v)).append('\n');
            }
        }
        return b.toString();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** The series a worker pushes, as the controller names them for /metrics. */
    public enum Series {
        RECORDS_IN("wadi_operator_records_received_total", true),
        RECORDS_OUT("wadi_operator_records_sent_total", true),
        BYTES_IN("wadi_operator_received_bytes_total", true),
        BYTES_OUT("wadi_operator_sent_bytes_total", true),
        BATCHES_IN("wadi_operator_batches_received_total", true),
        BATCHES_OUT("wadi_operator_batches_sent_total", true),
        BACKPRESSURE("wadi_operator_backpressure_ratio", false),
        QUEUE_SIZE("wadi_operator_queue_batches", false),
        QUEUE_REMAINING("wadi_operator_queue_remaining_batches", false),
        WATERMARK_LAG("wadi_operator_watermark_lag_seconds", false),
        STATE_SIZE("wadi_operator_state_size_bytes", false),
        CHECKPOINT_DURATION("wadi_operator_checkpoint_duration_seconds", false),
        BAD_RECORDS("wadi_source_bad_records_dropped_total", true);

        final String metric;
        final boolean counter;

        Series(String metric, boolean counter) {
            this.metric = metric;
            this.counter = counter;
        }

        /** The value in base units; NaN when there is none (no watermark yet). */
        double value(SubtaskMetrics m) {
            return switch (this) {
                case RECORDS_IN -> m.getRecordsIn();
                case RECORDS_OUT -> m.getRecordsOut();
                case BYTES_IN -> m.getBytesIn();
                case BYTES_OUT -> m.getBytesOut();
                case BATCHES_IN -> m.getBatchesIn();
                case BATCHES_OUT -> m.getBatchesOut();
                case BACKPRESSURE -> m.getBackpressure();
                case QUEUE_SIZE -> m.getQueueSize();
                case QUEUE_REMAINING -> m.getQueueRemaining();
                case WATERMARK_LAG -> m.getWatermarkLagMicros() < 0 ? Double.NaN : m.getWatermarkLagMicros() / 1e6;
                case STATE_SIZE -> m.getStateBytes();
                case CHECKPOINT_DURATION -> m.getCheckpointDurationMicros() / 1e6;
                case BAD_RECORDS -> m.getBadRecordsDropped();
            };
        }
    }
}
