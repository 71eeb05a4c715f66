package org.wadi.worker.internal.runtime;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The bounded queue in front of a task that is not chained to its producers. All its senders
 * share it (many producers, one consumer); its capacity in batches bounds the rows in flight.
 */
final class InputGate {

    private final ArrayBlockingQueue<Batch> queue;
    private int senders;

    InputGate(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Counts one more sender whose end-of-input the consumer must see (while building).
     *
     * @return the sender's channel number, 0, 1, …
     */
    int addSender() {
        return senders++;
    }

    int senders() {
        return senders;
    }

    void put(Batch b) throws InterruptedException {
        queue.put(b);
    }

    /** The next batch if one is there, else {@code null}. */
    Batch poll() {
        return queue.poll();
    }

    Batch take() throws InterruptedException {
        return queue.take();
    }
}
