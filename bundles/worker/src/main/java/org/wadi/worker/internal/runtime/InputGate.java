package org.wadi.worker.internal.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
final class InputGate {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final List<ArrayDeque<Entry>> queues = new ArrayList<>();
    private final List<Condition> notFull = new ArrayList<>();
    private final ArrayDeque<Batch> control = new ArrayDeque<>();
    private boolean[] blocked = new boolean[0];
    /** Numbers batches in arrival order, so that channels are read in that order. */
    private long arrivals;

    private record Entry(long seq, Batch batch) {
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
            return queues.size() - 1;
        } finally {
            lock.unlock();
        }
    }

    int senders() {
        return queues.size();
    }

    void put(Batch b) throws InterruptedException {
        int c = b.channel();
        lock.lockInterruptibly();
        try {
            ArrayDeque<Entry> q = queues.get(c);
            while (q.size() >= capacity) {
                notFull.get(c).await();
            }
            q.add(new Entry(arrivals++, b));
            if (!blocked[c]) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
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
            java.util.Arrays.fill(blocked, false);
        } finally {
            lock.unlock();
        }
    }

    /** The next control element or batch of an unblocked channel if one is there, else {@code null}. */
    Batch poll() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    Batch take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Batch b;
            while ((b = next()) == null) {
                notEmpty.await();
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #take}, giving up with {@code null} after {@code millis}. */
    Batch take(long millis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lockInterruptibly();
        try {
            Batch b;
            while ((b = next()) == null) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    private Batch next() {
        if (!control.isEmpty()) {
            return control.poll();
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
        Batch b = q.poll().batch();
        if (q.size() == capacity - 1) {
            notFull.get(best).signal();
        }
        return b;
    }
}
