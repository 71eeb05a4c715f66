package org.wadi.controller.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.wadi.controller.JobOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the rows of preview sinks out to subscribers. Publishing only offers a row to each
 * subscriber's bounded queue, so it never waits: a subscriber whose queue is full loses the row
 * (counted), and neither the job nor other subscribers notice. Each subscriber's queue is drained
 * by one task at a time on a shared pool, so its consumer sees rows in order. When a job reaches a
 * final state ({@link #jobState}), each of its subscribers gets the rows still queued for it, then
 * its end.
 */
public final class OutputHub implements JobOutputs, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputHub.class);

    private final int queueSize;
    private final ExecutorService delivery;
    private final Map<String, List<Subscription>> subscribers = new ConcurrentHashMap<>();
    /** Jobs seen to reach a final state (and not to leave it since), the newest {@value #ENDED_KEPT}. */
    private final Map<String, Boolean> ended = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > ENDED_KEPT;
                }
            });
    static final int ENDED_KEPT = 10_000;

    public OutputHub(int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("output queue size must be at least 1, was " + queueSize);
        }
        this.queueSize = queueSize;
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wadi-output-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Subscription subscribe(String jobId, Consumer<OutputRow> consumer) {
        return subscribe(jobId, consumer, null);
    }

    @Override
    public Subscription subscribe(String jobId, Consumer<OutputRow> consumer, Runnable onEnd) {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(consumer, "consumer");
        Subscription s = new Subscription(jobId, consumer, onEnd);
        subscribers.computeIfAbsent(jobId, k -> new CopyOnWriteArrayList<>()).add(s);
        // after adding: a job ending meanwhile finds the subscription, or is found here
        if (onEnd != null && ended.containsKey(jobId)) {
            s.end();
        }
        return s;
    }

    /**
     * Learns a job's new state: in a final one (Stopped, Finished, Failed) its subscribers get
     * what is queued for them and then their end; a job that leaves a final state (a stopped job
     * resumed) streams again to new subscribers.
     */
    public void jobState(String jobId, org.wadi.spi.job.JobState state) {
        if (!state.isFinal()) {
            ended.remove(jobId);
            return;
        }
        ended.put(jobId, Boolean.TRUE);
        List<Subscription> subs = subscribers.get(jobId);
        if (subs != null) {
            subs.forEach(Subscription::end);
        }
    }

    /** Hands rows of a job to its subscribers without waiting for any of them. */
    public void publish(String jobId, String operatorId, int subtask, List<String> rows) {
        List<Subscription> subs = subscribers.get(jobId);
        if (subs == null || subs.isEmpty()) {
            return;
        }
        for (Subscription s : subs) {
            for (String json : rows) {
                s.offer(new OutputRow(operatorId, subtask, json));
            }
            s.scheduleDrain();
        }
    }

    /** Whether anyone listens to a job's output (the worker protocol may skip work when nobody does). */
    public boolean hasSubscribers(String jobId) {
        List<Subscription> subs = subscribers.get(jobId);
        return subs != null && !subs.isEmpty();
    }

    @Override
    public void close() {
        subscribers.values().forEach(list -> list.forEach(Subscription::close));
        delivery.shutdownNow();
    }

    /** One consumer of one job's rows; {@link #dropped()} counts the rows it lost to a full queue. */
    public final class Subscription implements AutoCloseable {
        private final String jobId;
        private final Consumer<OutputRow> consumer;
        /** Called after the last row when the job ended; null: the subscriber is not told. */
        private final Runnable onEnd;
        private final ArrayBlockingQueue<OutputRow> queue = new ArrayBlockingQueue<>(queueSize);
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicLong dropped = new AtomicLong();
        private volatile boolean closed;
        /** The job ended: once the queue is delivered, the subscriber is told and unsubscribed. */
        private volatile boolean ending;

        Subscription(String jobId, Consumer<OutputRow> consumer, Runnable onEnd) {
            this.jobId = jobId;
            this.consumer = consumer;
            this.onEnd = onEnd;
        }

        void end() {
            if (onEnd == null || closed) {
                return;
            }
            ending = true;
            scheduleDrain();
        }

        /** Rows lost because this subscriber did not keep up. */
        public long dropped() {
            return dropped.get();
        }

        void offer(OutputRow row) {
            if (!closed && !queue.offer(row)) {
                dropped.incrementAndGet();
            }
        }

        void scheduleDrain() {
            if (!closed && draining.compareAndSet(false, true)) {
                try {
                    delivery.execute(this::drain);
                } catch (RuntimeException rejected) {
                    draining.set(false); // the hub is closing
                }
            }
        }

        private void drain() {
            try {
                OutputRow row;
                while (!closed && (row = queue.poll()) != null) {
                    try {
                        consumer.accept(row);
                    } catch (RuntimeException e) {
                        LOG.warn("A subscriber of the output of job {} failed; it is unsubscribed", jobId, e);
                        close();
                    }
                }
                if (ending && !closed && queue.isEmpty()) {
                    close();
                    try {
                        onEnd.run();
                    } catch (RuntimeException e) {
                        LOG.warn("A subscriber of the output of job {} failed at the job's end", jobId, e);
                    }
                }
            } finally {
                draining.set(false);
            }
            // a row offered after the last poll but before the flag was cleared must not wait for the
            // next publish, nor an end signalled while this drain ran
            if (!closed && (ending || !queue.isEmpty())) {
                scheduleDrain();
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            subscribers.computeIfPresent(jobId, (k, list) -> {
                list.remove(this);
                return list.isEmpty() ? null : list;
            });
            if (dropped.get() > 0) {
                LOG.info("A subscriber of the output of job {} lost {} rows it did not read in time", jobId, dropped.get());
            }
        }
    }
}
