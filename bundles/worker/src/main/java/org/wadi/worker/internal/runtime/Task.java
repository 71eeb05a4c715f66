package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * One thread's work: a chain of operators (joined by FORWARD edges of equal parallelism) for one
 * subtask index, fed either by a connector source or by an input gate. Rows move through the chain
 * by direct calls; only the edges leaving the chain buffer them into batches.
 *
 * <p>Checkpoints: when barrier <i>n</i> reaches the task (a source task: injected between two
 * polls; an input task: once every input channel delivered it — see {@link InputTask}), every row
 * before it has passed through the whole chain, so the task snapshots its operators head first,
 * hands their state to the uploader ({@link Checkpoints}) and passes the barrier on. Commits come
 * from the worker and are applied by the task's own thread, between rows.
 */
abstract class Task implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    final String name;
    final int subtask;
    /** The operators of the chain, head first. */
    final List<String> operators = new ArrayList<>();
    /** Sources and sinks of the chain, head first; opened last to first so that sinks are ready first. */
    final List<Lifecycle> lifecycles = new ArrayList<>();
    /** Per operator in {@link #operators}, its state, or {@code null} when it keeps none. */
    final List<Snapshottable> states = new ArrayList<>();
    /** The sinks of the chain, which commit checkpoints. */
    final List<SinkOutput> sinks = new ArrayList<>();
    /** Where the head pushes its rows. */
    RowOutput head;
    /** Where snapshots go and restored state comes from. */
    Checkpoints checkpoints = Checkpoints.unavailable(CheckpointListener.NONE, "checkpoints are not enabled");
    /** The task's counters (set while building). */
    org.wadi.worker.internal.metrics.TaskMetrics metrics = new org.wadi.worker.internal.metrics.TaskMetrics(0, false);
    /** The newest checkpoint the task's sinks committed. */
    long committedEpoch = -1;
    /** Set when the task ended at the final checkpoint of a stop: its sinks must not finish. */
    boolean endedAtCheckpoint;

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

    /** Adds an operator of the chain, in chain order, with its state (or {@code null}). */
    void addOperator(String operatorId, Snapshottable state) {
        operators.add(operatorId);
        states.add(state);
    }

    /** Reads the input until it ends, pushing rows into {@link #head}. */
    abstract void process();

    /**
     * Hands the task a control element from the worker: a barrier to inject (source tasks) or a
     * commit. Any thread; the task applies it on its own thread soon.
     */
    abstract void deliver(Batch control);

    /** Snapshots every operator, head first, hands the states to the uploader and passes the barrier on. */
    void checkpoint(long epoch, boolean thenStop) {
        long start = Checkpoints.nowMicros();
        for (int i = 0; i < states.size(); i++) {
            Snapshottable s = states.get(i);
            StateWriter state;
            try {
                state = s == null ? null : s.snapshot(epoch);
            } catch (TaskFailure | CancelledException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskFailure("internal error in " + name + ": the snapshot of " + operators.get(i)
                        + " for checkpoint " + epoch + " failed: " + e, "internal", e);
            }
            checkpoints.store(epoch, operators.get(i), subtask, state, start);
        }
        head.barrier(epoch, thenStop);
    }

    /** Checkpoint {@code epoch} is recorded: the sinks publish what they pre-committed. */
    void commit(long epoch) {
        for (SinkOutput s : sinks) {
            s.commit(epoch);
        }
        committedEpoch = Math.max(committedEpoch, epoch);
    }

    /**
     * Before opening: every operator with state loads it from the checkpoint restored from, at the
     * parallelism of the checkpoint or another one ({@link Checkpoints#restore}).
     */
    private void restore() {
        long epoch = checkpoints.restoreEpoch();
        if (epoch < 0) {
            return;
        }
        for (int i = 0; i < states.size(); i++) {
            Snapshottable s = states.get(i);
            if (s == null) {
                continue;
            }
            String op = operators.get(i);
            try {
                checkpoints.restore(op, subtask, s);
            } catch (TaskFailure | CancelledException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskFailure("could not restore " + op + "[" + subtask + "] from checkpoint " + epoch + " in "
                        + checkpoints.location() + ": " + TaskFailure.describe(e), "internal", e);
            }
        }
    }

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
            restore();
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
            if (!endedAtCheckpoint) {
                head.finish();
            }
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
                listener.warning(operators.isEmpty() ? "" : operators.get(0), subtask,
                        "closing a part of task " + name + " failed: " + TaskFailure.describe(e));
            }
        }
    }

    /** A task whose head is a connector source, polled in a loop. */
    static final class SourceTask extends Task {

        private final String table;
        private final Source source;
        private final long lingerNanos;
        private final long idleMaxNanos;
        private final ConcurrentLinkedQueue<Batch> inbox = new ConcurrentLinkedQueue<>();
        /** The newest checkpoint the source was told of; on the task's thread only. */
        private long sourceCommitted = -1;

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

        /** The source's position, taken into checkpoints and handed back through its context at restore. */
        static Snapshottable state(Source source, String table, byte[][] restored, java.util.List<byte[]> restoredAll) {
            return new Snapshottable() {
                @Override
                public StateWriter snapshot(long epoch) {
                    byte[] b;
                    try {
                        b = source.snapshot(epoch);
                    } catch (Exception e) {
                        throw new TaskFailure("source '" + table + "' could not take checkpoint " + epoch + ": "
                                + TaskFailure.describe(e), "user", e);
                    }
                    return b == null ? null : StateWriter.of(b);
                }

                @Override
                public void restore(StateReader state) throws java.io.IOException {
                    restored[0] = state == null ? null : state.readRemaining();
                }

                @Override
                public boolean allParts() {
                    return true;
                }

                /** Every old subtask's position; this subtask's own is that of {@code subtask % old parallelism}. */
                @Override
                public void restore(java.util.List<StatePart> parts, KeyRange owned) throws java.io.IOException {
                    java.util.List<byte[]> all = new java.util.ArrayList<>(parts.size());
                    restored[0] = null;
                    for (StatePart p : parts) {
                        byte[] b = p.state().readRemaining();
                        all.add(b);
                        if (p.range().subtask() == owned.subtask() % p.range().parallelism()) {
                            restored[0] = b;
                        }
                    }
                    restoredAll.clear();
                    restoredAll.addAll(all);
                }
            };
        }

        /** Checkpoint {@code epoch} is recorded: the source may acknowledge it upstream, then the sinks publish. */
        @Override
        void commit(long epoch) {
            if (epoch > sourceCommitted) {
                sourceCommitted = epoch;
                try {
                    source.commit(epoch);
                } catch (Exception e) {
                    throw new TaskFailure("source '" + table + "' could not commit checkpoint " + epoch + ": "
                            + TaskFailure.describe(e), "user", e);
                }
            }
            super.commit(epoch);
        }

        @Override
        void deliver(Batch control) {
            inbox.add(control);
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /** Applies what the worker sent; true when a stop's final checkpoint ended the task. */
        private boolean handleInbox() {
            Batch b;
            while ((b = inbox.poll()) != null) {
                if (b.isCommit()) {
                    commit(b.epoch());
                } else if (b.isBarrier()) {
                    boolean thenStop = b.count() == Batch.STOP_BARRIER;
                    checkpoint(b.epoch(), thenStop);
                    if (thenStop) {
                        awaitCommit(b.epoch());
                        endedAtCheckpoint = true;
                        return true;
                    }
                }
            }
            return false;
        }

        /** After a stop's final checkpoint: the chain's sinks publish it before the task ends. */
        private void awaitCommit(long epoch) {
            while (!sinks.isEmpty() && committedEpoch < epoch && !stopRequested) {
                Batch b = inbox.poll();
                if (b == null) {
                    LockSupport.parkNanos(this, 50_000_000L);
                } else if (b.isCommit()) {
                    commit(b.epoch());
                }
            }
            if (cancelled) {
                throw new CancelledException();
            }
        }

        @Override
        void process() {
            RowOutput out = head;
            long lastFlush = System.nanoTime();
            long backoff = 1_000_000L;
            // Between two polls: checkpoint barriers (after the source's snapshot) and commits.
            while (!stopRequested) {
                if (!inbox.isEmpty() && handleInbox()) {
                    return;
                }
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

        /** How often an idle task flushes its chain, in milliseconds. */
        static final long TICK_MILLIS = 100;

        private final InputGate gate;
        private long[] channelWatermarks;
        private boolean[] idle;
        private boolean[] ended;
        /** The largest watermark passed to the head. */
        private long current = Watermarks.NONE;
        /** Whether the head was last told that all inputs are idle. */
        private boolean idleSent;
        /** The barrier being aligned, or -1. */
        private long aligning = -1;
        private boolean aligningStop;
        /** The channels that delivered the barrier being aligned: blocked until it is complete. */
        private boolean[] arrived;

        InputTask(String name, int subtask, ExecutionListener listener, InputGate gate) {
            super(name, subtask, listener);
            this.gate = gate;
        }

        @Override
        void deliver(Batch control) {
            gate.control(control);
        }

        @Override
        void process() {
            RowOutput out = head;
            MultiInput multi = head instanceof MultiInput m ? m : null;
            int open = gate.senders();
            channelWatermarks = new long[open];
            Arrays.fill(channelWatermarks, Watermarks.NONE);
            idle = new boolean[open];
            ended = new boolean[open];
            arrived = new boolean[open];
            while (open > 0) {
                if (cancelled) {
                    throw new CancelledException();
                }
                Batch b = gate.poll();
                while (b == null) {
                    // nothing waiting: pass on what we buffered rather than let it linger; while
                    // idle, flush again every tick (operators with timed output, e.g. updating
                    // aggregates, emit on flush when their period has passed)
                    out.flush();
                    try {
                        b = gate.take(TICK_MILLIS);
                    } catch (InterruptedException e) {
                        throw new CancelledException();
                    }
                    if (cancelled) {
                        throw new CancelledException();
                    }
                }
                if (b.isCommit()) {
                    commit(b.epoch());
                    continue;
                }
                if (b.isBarrier()) {
                    if (onBarrier(b)) {
                        return;
                    }
                    continue;
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
                    if (aligning >= 0 && aligned() && completeAlignment()) {
                        return;
                    }
                    if (open > 0) {
                        advance(out);
                    }
                    continue;
                }
                Object[][] rows = b.rows();
                metrics.received(b.count());
                if (multi != null) {
                    int input = b.input();
                    for (int i = 0, n = b.count(); i < n; i++) {
                        multi.collect(input, rows[i]);
                    }
                } else {
                    for (int i = 0, n = b.count(); i < n; i++) {
                        out.collect(rows[i]);
                    }
                }
            }
        }

        /**
         * A channel delivered a barrier: it is not read again until every channel delivered the
         * same barrier (or ended), so that no row after the barrier reaches the operators before
         * the snapshot. Returns true when a stop's final checkpoint ended the task.
         */
        private boolean onBarrier(Batch b) {
            int c = b.channel();
            if (aligning < 0) {
                aligning = b.epoch();
                aligningStop = b.count() == Batch.STOP_BARRIER;
            } else if (b.epoch() != aligning) {
                throw new TaskFailure("internal error in " + name + ": barrier " + b.epoch() + " arrived on channel "
                        + c + " while barrier " + aligning + " is aligned", "internal", null);
            }
            arrived[c] = true;
            gate.block(c);
            return aligned() && completeAlignment();
        }

        private boolean aligned() {
            for (int c = 0; c < arrived.length; c++) {
                if (!arrived[c] && !ended[c]) {
                    return false;
                }
            }
            return true;
        }

        /** Every channel delivered the barrier: snapshot, pass it on, read every channel again. */
        private boolean completeAlignment() {
            long epoch = aligning;
            boolean thenStop = aligningStop;
            aligning = -1;
            Arrays.fill(arrived, false);
            gate.unblockAll();
            checkpoint(epoch, thenStop);
            if (!thenStop) {
                return false;
            }
            // nothing follows a stop's barrier; sinks wait for the commit of the final checkpoint
            while (!sinks.isEmpty() && committedEpoch < epoch) {
                if (cancelled) {
                    throw new CancelledException();
                }
                Batch b;
                try {
                    b = gate.take(100);
                } catch (InterruptedException e) {
                    throw new CancelledException();
                }
                if (b != null && b.isCommit()) {
                    commit(b.epoch());
                }
            }
            endedAtCheckpoint = true;
            return true;
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
                        metrics.watermark(max);
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
                metrics.watermark(min);
                out.watermark(min);
            } else if (idleSent) {
                idleSent = false;
                out.watermark(current);
            }
        }
    }
}
