package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * One thread's work: a chain of operators (joined by FORWARD edges of equal parallelism) for one
 * subtask index, fed either by a connector source or by an input gate. Rows move through the chain
 * by direct calls; only the edges leaving the chain buffer them into batches.
 */
abstract class Task implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    final String name;
    final int subtask;
    /** The operators of the chain, head first. */
    final List<String> operators = new ArrayList<>();
    /** Sources and sinks of the chain, head first; opened last to first so that sinks are ready first. */
    final List<Lifecycle> lifecycles = new ArrayList<>();
    /** Where the head pushes its rows. */
    RowOutput head;

    private final ExecutionListener listener;
    private Execution execution;
    volatile boolean stopRequested;
    volatile boolean cancelled;
    volatile Thread thread;

    Task(String name, int subtask, ExecutionListener listener) {
        this.name = name;
        this.subtask = subtask;
        this.listener = listener;
    }

    void attach(Execution execution) {
        this.execution = execution;
    }

    /** Reads the input until it ends, pushing rows into {@link #head}. */
    abstract void process();

    /** Sources stop reading; what is in flight is still processed. */
    void requestStop() {
        stopRequested = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops at once: blocked queue operations and pauses are interrupted. */
    void cancel() {
        cancelled = true;
        stopRequested = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void run() {
        int opened = 0;
        try {
            for (int i = lifecycles.size() - 1; i >= 0; i--) {
                lifecycles.get(i).open();
                opened++;
            }
            if (cancelled) {
                throw new CancelledException();
            }
            for (String op : operators) {
                listener.running(op, subtask);
            }
            process();
            if (cancelled) {
                throw new CancelledException();
            }
            head.finish();
            int toClose = opened;
            opened = 0;
            close(toClose);
            for (String op : operators) {
                listener.finished(op, subtask);
            }
        } catch (Throwable t) {
            close(opened);
            if (cancelled || t instanceof CancelledException) {
                for (String op : operators) {
                    listener.finished(op, subtask);
                }
            } else {
                TaskFailure f = t instanceof TaskFailure tf ? tf
                        : new TaskFailure("internal error in " + name + ": " + t, "internal", t);
                if ("internal".equals(f.domain())) {
                    LOG.error("Task {} failed", name, t);
                } else {
                    LOG.info("Task {} failed: {}", name, f.getMessage());
                }
                for (String op : operators) {
                    listener.failed(op, subtask, f.getMessage(), f.domain());
                }
                execution.taskFailed(this);
            }
        } finally {
            Thread.interrupted();
            execution.taskEnded(this);
        }
    }

    /** Closes what was opened (the last {@code opened} lifecycles), head first. */
    private void close(int opened) {
        int first = lifecycles.size() - opened;
        for (int i = first; i < lifecycles.size(); i++) {
            try {
                lifecycles.get(i).close();
            } catch (Exception e) {
                LOG.warn("Closing a part of task {} failed", name, e);
            }
        }
    }

    /** A task whose head is a connector source, polled in a loop. */
    static final class SourceTask extends Task {

        private final String table;
        private final Source source;
        private final long lingerNanos;
        private final long idleMaxNanos;

        SourceTask(String name, int subtask, ExecutionListener listener, String table, Source source,
                SourceContext context, RuntimeOptions options) {
            super(name, subtask, listener);
            this.table = table;
            this.source = source;
            this.lingerNanos = options.lingerMillis() * 1_000_000L;
            this.idleMaxNanos = Math.max(1, options.idleMaxMillis()) * 1_000_000L;
            lifecycles.add(new Lifecycle() {
                @Override
                public void open() {
                    try {
                        source.open(context);
                    } catch (Exception e) {
                        throw new TaskFailure("source '" + table + "' could not be opened: "
                                + TaskFailure.describe(e), "user", e);
                    }
                }

                @Override
                public void close() throws Exception {
                    source.close();
                }
            });
        }

        @Override
        void process() {
            RowOutput out = head;
            long lastFlush = System.nanoTime();
            long backoff = 1_000_000L;
            // Between two polls is where checkpoint barriers and watermarks will be injected.
            while (!stopRequested) {
                SourceStatus status;
                try {
                    status = source.poll(out);
                } catch (TaskFailure | CancelledException e) {
                    throw e;
                } catch (Exception e) {
                    if (cancelled) {
                        throw new CancelledException();
                    }
                    throw new TaskFailure("reading '" + table + "' failed: " + TaskFailure.describe(e), "user", e);
                }
                if (status == SourceStatus.FINISHED) {
                    // a bounded input is complete: the final watermark closes every window
                    out.watermark(Watermarks.END);
                    return;
                }
                if (status == SourceStatus.IDLE) {
                    out.flush();
                    lastFlush = System.nanoTime();
                    LockSupport.parkNanos(this, backoff);
                    backoff = Math.min(backoff * 2, idleMaxNanos);
                    if (cancelled) {
                        throw new CancelledException();
                    }
                } else {
                    backoff = 1_000_000L;
                    long now = System.nanoTime();
                    if (now - lastFlush >= lingerNanos) {
                        out.flush();
                        lastFlush = now;
                    }
                }
            }
            if (cancelled) {
                throw new CancelledException();
            }
        }
    }

    /**
     * A task fed by the batches arriving in its input gate. Its watermark is the minimum over its
     * senders' watermarks; senders that are idle or have ended do not hold it back.
     */
    static final class InputTask extends Task {

        private final InputGate gate;
        private long[] channelWatermarks;
        private boolean[] idle;
        private boolean[] ended;
        /** The largest watermark passed to the head. */
        private long current = Watermarks.NONE;
        /** Whether the head was last told that all inputs are idle. */
        private boolean idleSent;

        InputTask(String name, int subtask, ExecutionListener listener, InputGate gate) {
            super(name, subtask, listener);
            this.gate = gate;
        }

        @Override
        void process() {
            RowOutput out = head;
            int open = gate.senders();
            channelWatermarks = new long[open];
            java.util.Arrays.fill(channelWatermarks, Watermarks.NONE);
            idle = new boolean[open];
            ended = new boolean[open];
            while (open > 0) {
                if (cancelled) {
                    throw new CancelledException();
                }
                Batch b = gate.poll();
                if (b == null) {
                    // nothing waiting: pass on what we buffered rather than let it linger
                    out.flush();
                    try {
                        b = gate.take();
                    } catch (InterruptedException e) {
                        throw new CancelledException();
                    }
                }
                if (b.isWatermark()) {
                    int c = b.channel();
                    if (b.watermark() == Watermarks.IDLE) {
                        idle[c] = true;
                    } else {
                        idle[c] = false;
                        channelWatermarks[c] = Math.max(channelWatermarks[c], b.watermark());
                    }
                    advance(out);
                    continue;
                }
                if (b.isEnd()) {
                    open--;
                    ended[b.channel()] = true;
                    if (open > 0) {
                        advance(out);
                    }
                    continue;
                }
                Object[][] rows = b.rows();
                for (int i = 0, n = b.count(); i < n; i++) {
                    out.collect(rows[i]);
                }
            }
        }

        /** Passes on the minimum over the live, non-idle senders' watermarks when it moved. */
        private void advance(RowOutput out) {
            long min = Long.MAX_VALUE;
            boolean active = false;
            boolean anyIdle = false;
            for (int c = 0; c < channelWatermarks.length; c++) {
                if (ended[c]) {
                    continue;
                }
                if (idle[c]) {
                    anyIdle = true;
                    continue;
                }
                active = true;
                min = Math.min(min, channelWatermarks[c]);
            }
            if (!active) {
                if (anyIdle && !idleSent) {
                    // as Flink's valve: with every input idle, nothing holds back the most advanced one
                    long max = Watermarks.NONE;
                    for (int c = 0; c < channelWatermarks.length; c++) {
                        if (!ended[c]) {
                            max = Math.max(max, channelWatermarks[c]);
                        }
                    }
                    if (max > current) {
                        current = max;
                        out.watermark(max);
                    }
                    idleSent = true;
                    out.watermark(Watermarks.IDLE);
                }
                return;
            }
            if (min == Watermarks.NONE) {
                return;
            }
            // never backwards: a sender back from idleness may be behind what was already passed on
            if (min > current) {
                current = min;
                idleSent = false;
                out.watermark(min);
            } else if (idleSent) {
                idleSent = false;
                out.watermark(current);
            }
        }
    }
}
