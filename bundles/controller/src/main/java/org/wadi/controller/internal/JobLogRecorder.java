package org.wadi.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobLogStore;

/**
 * Records entries of the jobs' errors lists without ever holding up its callers (gRPC threads,
 * the reconciliation loop): they are queued and written in batches by a thread of its own. What
 * workers report is limited to {@code controller.job.log.rate.per.minute} messages per job and
 * minute; the excess is counted, and summarised by one message when the next minute's first one
 * arrives. What the controller itself records (task failures, restarts, failures of jobs) is
 * bounded by the restart limit and not limited. When the queue is full or the database fails,
 * messages are dropped and counted: the errors list is a diagnostic, not a ledger.
 */
public final class JobLogRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogRecorder.class);
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int QUEUE = 10_000;
    private static final int BATCH = 500;
    /** Longest message and details kept, in characters; what a worker sends is not trusted to be short. */
    static final int MAX_MESSAGE = 2_000;
    static final int MAX_DETAILS = 20_000;

    private final JobLogStore store;
    private final int ratePerMinute;
    private final int retention;
    private final ControllerMetrics metrics;
    private final Clock clock;
    private final BlockingQueue<JobLogMessage> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Per job: the current minute of worker messages. Guarded by itself. */
    private final Map<String, Window> windows = new HashMap<>();
    private final Thread writer;
    private volatile boolean running = true;
    private boolean storeFailing;

    /** A job's count of worker messages in one minute. */
    private static final class Window {
        Instant start;
        int count;
        long dropped;
        long runId;

        Window(Instant start) {
            this.start = start;
        }
    }

    /**
     * @param store where messages go; {@code null}: nowhere (a controller without a job log store)
     * @param ratePerMinute worker messages recorded per job and minute
     * @param retention messages kept per job
     */
    public JobLogRecorder(JobLogStore store, int ratePerMinute, int retention, ControllerMetrics metrics, Clock clock) {
        this.store = store;
        this.ratePerMinute = ratePerMinute;
        this.retention = retention;
        this.metrics = metrics;
        this.clock = clock;
        this.writer = new Thread(this::run, "wadi-controller-job-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records what the controller itself saw (a task failure, a restart, a failed job): never rate-limited. */
    public void record(String jobId, long runId, JobLogLevel level, String operatorId, Integer taskIndex,
            String message, String details) {
        enqueue(JobLogMessage.of(jobId, runId, clock.instant(), operatorId, taskIndex, level, message, details));
    }

    /**
     * Records what a worker reported, within the job's rate limit.
     *
     * @param at when it happened, or {@code null} for now
     */
    public void recordFromWorker(String jobId, long runId, JobLogLevel level, String operatorId, Integer taskIndex,
            String message, String details, Instant at) {
        Instant now = clock.instant();
        JobLogMessage summary = null;
        synchronized (windows) {
            Window w = windows.computeIfAbsent(jobId, k -> new Window(now));
            if (!now.isBefore(w.start.plus(WINDOW))) {
                if (w.dropped > 0) {
                    summary = JobLogMessage.of(jobId, w.runId, now, null, null, JobLogLevel.WARN,
                            w.dropped + (w.dropped == 1 ? " message" : " messages") + " of the workers of job " + jobId
                                    + " were not recorded: more than " + ratePerMinute + " in a minute",
                            "controller.job.log.rate.per.minute limits what workers report per job and minute");
                }
                w.start = now;
                w.count = 0;
                w.dropped = 0;
                forgetIdleWindows(now);
            }
            w.runId = runId;
            if (w.count >= ratePerMinute) {
                w.dropped++;
                metrics.logMessagesDropped(1);
                return;
            }
            w.count++;
        }
        if (summary != null) {
            enqueue(summary);
        }
        enqueue(JobLogMessage.of(jobId, runId, at == null ? now : at, operatorId, taskIndex, level, message, details));
    }

    /**
     * Drops the windows of jobs whose workers reported nothing for two minutes (ended jobs, mostly);
     * what such a window dropped stays counted in the metrics only.
     */
    private void forgetIdleWindows(Instant now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().start.plus(WINDOW.multipliedBy(2)))) {
                it.remove();
            }
        }
    }

    private void enqueue(JobLogMessage message) {
        if (store == null) {
            return;
        }
        JobLogMessage m = message.message().length() <= MAX_MESSAGE && message.details().length() <= MAX_DETAILS
                ? message
                : JobLogMessage.of(message.jobId(), message.runId(), message.createdAt(), message.operatorId(),
                        message.taskIndex(), message.level(), cut(message.message(), MAX_MESSAGE),
                        cut(message.details(), MAX_DETAILS));
        if (!queue.offer(m)) {
            metrics.logMessagesDropped(1);
            LOG.debug("The job log queue is full; dropped a message of job {}", m.jobId());
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private void run() {
        List<JobLogMessage> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                JobLogMessage first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<JobLogMessage> batch) {
        try {
            store.appendJobLogMessages(batch, retention);
            if (storeFailing) {
                LOG.info("Job log messages are recorded again");
                storeFailing = false;
            }
            for (JobLogLevel level : JobLogLevel.values()) {
                int n = (int) batch.stream().filter(m -> m.level() == level).count();
                if (n > 0) {
                    metrics.logMessagesRecorded(level, n);
                }
            }
        } catch (IllegalArgumentException e) {
            // a job deleted meanwhile: write the others one by one
            if (batch.size() > 1) {
                for (JobLogMessage m : List.copyOf(batch)) {
                    write(List.of(m));
                }
            } else {
                metrics.logMessagesDropped(1);
                LOG.debug("Dropped a log message of job {}: {}", batch.get(0).jobId(), e.getMessage());
            }
        } catch (RuntimeException e) {
            metrics.logMessagesDropped(batch.size());
            if (!storeFailing) {
                LOG.warn("Cannot record {} job log message(s); dropping them until the database answers again",
                        batch.size(), e);
                storeFailing = true;
            }
        }
    }

    /** Writes what is queued (waiting at most a few seconds for the database) and stops. */
    @Override
    public void close() {
        // not interrupted: that could break a write under way; the writer polls with a short timeout
        running = false;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("The job log writer did not stop within 5 s; {} message(s) may be lost", queue.size());
        }
    }
}
