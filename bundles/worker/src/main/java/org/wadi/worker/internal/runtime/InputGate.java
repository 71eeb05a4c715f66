package org.wadi.worker.internal.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queues in front of a task that is not chained to its producers: one per sender
 * (channel), each holding up to {@code capacity} batches before its sender blocks (backpressure).
 * The consumer takes batches in the order they arrived, skipping channels it {@link #block}ed — while it
 * aligns a checkpoint barrier, a channel that delivered the barrier is not read until every other
 * channel delivered it too, and its sender soon blocks. Control elements from the worker (commits)
 * bypass the channels.
 *
 * <p>A sender on another worker does not block here: its credit bounds what it has on its way, and
 * it {@link #offer}s what arrives from the network thread. Its rows may come still encoded
 * ({@link #offerEncoded}): the consumer decodes them when it takes them, on its own thread; and a
 * hook per channel ({@link #onTake}) tells the sender's end when the consumer took an element, to
 * give the credit back then. A broken connection {@linkplain #fail fails} the consumer at once.
 */
final class InputGate {

    /** Rows as they came over the network, decoded by the consumer when it takes them. */
    interface Encoded {
        /** The rows; the encoded form is let go. */
        Object[][] decode();

        /** The size of the encoded form in bytes, for the metrics; 0 when unknown. */
        default int bytes() {
            return 0;
        }

        /** Lets the encoded form go without decoding it (the gate is discarded). */
        void release();
    }

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final List<ArrayDeque<Entry>> queues = new ArrayList<>();
    private final List<Condition> notFull = new ArrayList<>();
    private final ArrayDeque<Batch> control = new ArrayDeque<>();
    private boolean[] blocked = new boolean[0];
    /** Per channel: run when the consumer took one of its elements, or null. */
    private Runnable[] takeHooks = new Runnable[0];
    /** Numbers batches in arrival order, so that channels are read in that order. */
    private long arrivals;
    /** Set by {@link #fail}: what every take throws from then on. */
    private RuntimeException failure;
    private boolean discarded;
    /** Counts the bytes of rows from other workers (set while building; consumer thread only). */
    org.wadi.worker.internal.metrics.TaskMetrics metrics;

    /** A queued element: a batch, or rows still encoded (then {@code batch} is null). */
    private record Entry(long seq, Batch batch, Encoded encoded, int input, int channel) {
    }

    /** What a take hands out before it is decoded: the control element or the channel's entry. */
    private record Taken(Batch control, Entry entry) {
    }

    InputGate(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Counts one more sender whose end-of-input the consumer must see (while building).
     *
     * @return the sender's channel number, 0, 1, …
     */
    int addSender() {
        lock.lock();
        try {
            queues.add(new ArrayDeque<>(capacity));
            notFull.add(lock.newCondition());
            blocked = new boolean[queues.size()];
            takeHooks = Arrays.copyOf(takeHooks, queues.size());
            return queues.size() - 1;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code hook} on the consumer's thread each time it takes an element of channel {@code c} (while building). */
    void onTake(int c, Runnable hook) {
        lock.lock();
        try {
            takeHooks[c] = hook;
        } finally {
            lock.unlock();
        }
    }

    int senders() {
        return queues.size();
    }

    /** The gate's queues for the metrics: batches queued now (any thread) and the capacity. */
    org.wadi.worker.internal.metrics.TaskMetrics.Queue queueProbe() {
        return new org.wadi.worker.internal.metrics.TaskMetrics.Queue() {
            @Override
            public int queued() {
                lock.lock();
                try {
                    int n = 0;
                    for (ArrayDeque<Entry> q : queues) {
                        n += q.size();
                    }
                    return n;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public int capacity() {
                return capacity * senders();
            }
        };
    }

    /** Queues a batch of a local sender, waiting while its channel's queue is full. */
    void put(Batch b) throws InterruptedException {
        int c = b.channel();
        lock.lockInterruptibly();
        try {
            ArrayDeque<Entry> q = queues.get(c);
            while (q.size() >= capacity) {
                notFull.get(c).await();
            }
            enqueue(q, new Entry(arrivals++, b, null, b.input(), c));
        } finally {
            lock.unlock();
        }
    }

    /** Queues an element of a remote sender, whose credit bounds its channel's queue: never blocks. */
    void offer(Batch b) {
        lock.lock();
        try {
            if (!discarded) {
                enqueue(queues.get(b.channel()), new Entry(arrivals++, b, null, b.input(), b.channel()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues encoded rows of a remote sender for input {@code input}, channel {@code c}: never blocks. */
    void offerEncoded(int input, int c, Encoded rows) {
        lock.lock();
        try {
            if (!discarded) {
                enqueue(queues.get(c), new Entry(arrivals++, null, rows, input, c));
                return;
            }
        } finally {
            lock.unlock();
        }
        rows.release();
    }

    private void enqueue(ArrayDeque<Entry> q, Entry e) {
        q.add(e);
        if (!blocked[e.channel()]) {
            notEmpty.signal();
        }
    }

    /** Queues a control element for the consumer, ahead of every channel; never blocks. */
    void control(Batch b) {
        lock.lock();
        try {
            control.add(b);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails the consumer: its next take (or the one it waits in) throws {@code failure}, whatever is
     * queued. The first failure sticks.
     */
    void fail(RuntimeException failure) {
        lock.lock();
        try {
            if (this.failure == null) {
                this.failure = failure;
            }
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The consumer is gone: lets go of the encoded rows still queued, and of those offered later.
     */
    void discard() {
        List<Encoded> drop = new ArrayList<>();
        lock.lock();
        try {
            discarded = true;
            for (ArrayDeque<Entry> q : queues) {
                for (Entry e : q) {
                    if (e.encoded() != null) {
                        drop.add(e.encoded());
                    }
                }
                q.clear();
            }
        } finally {
            lock.unlock();
        }
        for (Encoded e : drop) {
            e.release();
        }
    }

    /** Stops handing out batches of channel {@code c} until {@link #unblockAll}. */
    void block(int c) {
        lock.lock();
        try {
            blocked[c] = true;
        } finally {
            lock.unlock();
        }
    }

    void unblockAll() {
        lock.lock();
        try {
            Arrays.fill(blocked, false);
        } finally {
            lock.unlock();
        }
    }

    /** The next control element or batch of an unblocked channel if one is there, else {@code null}. */
    Batch poll() {
        Taken t;
        lock.lock();
        try {
            t = next();
        } finally {
            lock.unlock();
        }
        return handOut(t);
    }

    Batch take() throws InterruptedException {
        Taken t;
        lock.lockInterruptibly();
        try {
            while ((t = next()) == null) {
                notEmpty.await();
            }
        } finally {
            lock.unlock();
        }
        return handOut(t);
    }

    /** Like {@link #take}, giving up with {@code null} after {@code millis}. */
    Batch take(long millis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        Taken t;
        lock.lockInterruptibly();
        try {
            while ((t = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
        return handOut(t);
    }

    /** Under the lock: the next element, or null; throws the gate's failure. */
    private Taken next() {
        if (failure != null) {
            throw failure;
        }
        if (!control.isEmpty()) {
            return new Taken(control.poll(), null);
        }
        int best = -1;
        long bestSeq = Long.MAX_VALUE;
        for (int c = 0, n = queues.size(); c < n; c++) {
            Entry head = blocked[c] ? null : queues.get(c).peek();
            if (head != null && head.seq() < bestSeq) {
                best = c;
                bestSeq = head.seq();
            }
        }
        if (best < 0) {
            return null;
        }
        ArrayDeque<Entry> q = queues.get(best);
        Entry e = q.poll();
        if (q.size() == capacity - 1) {
            notFull.get(best).signal();
        }
        return new Taken(null, e);
    }

    /** Outside the lock, on the consumer's thread: decodes what came encoded and runs the channel's hook. */
    private Batch handOut(Taken t) {
        if (t == null) {
            return null;
        }
        if (t.control() != null) {
            return t.control();
        }
        Entry e = t.entry();
        Runnable hook = takeHooks[e.channel()];
        try {
            if (e.encoded() == null) {
                return e.batch();
            }
            if (metrics != null) {
                metrics.receivedBytes(e.encoded().bytes());
            }
            Object[][] rows = e.encoded().decode();
            return Batch.rows(rows, rows.length, e.input(), e.channel());
        } finally {
            if (hook != null) {
                hook.run();
            }
        }
    }
}
