package org.wadi.connector.impulse.internal;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * One subtask of an impulse table. Row {@code k} of a subtask is due {@code k * delay} after the
 * subtask started, where {@code delay = parallelism / event_rate}: each poll emits the rows that
 * are due (at most {@value #MAX_BATCH}), so high rates go out in batches and low rates are paced
 * without a sleep per row. The position (counter and the event-time origin) is the checkpointed
 * state, as in Arroyo, so a restored job goes on counting and keeps its event times.
 */
final class ImpulseSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(ImpulseSource.class);

    /** Arroyo's largest impulse batch. */
    static final int MAX_BATCH = 8192;
    /** The longest a poll waits for the next row to become due. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int STATE_BYTES = 16;

    /** Time as the source sees it; a fake one makes pacing testable without waiting. */
    interface Clock {
        /** A monotonic time in nanoseconds. */
        long nanoTime();

        /** The wall-clock time in nanoseconds since the epoch. */
        long epochNanos();

        /** Waits about this long. */
        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long epochNanos() {
                Instant now = Instant.now();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final double eventRate;
    private final long limit;
    private final long intervalNanos;
    private final Clock clock;

    private double delayNanos;
    private long subtaskIndex;
    private long counter;
    private long startEpochNanos;
    private long paceStart;

    /**
     * @param eventRate events per second across all subtasks
     * @param limit rows this subtask emits, {@code Long.MAX_VALUE} for no end
     * @param intervalNanos event-time step between rows, or -1 for wall-clock event times
     */
    ImpulseSource(double eventRate, long limit, long intervalNanos, Clock clock) {
        this.eventRate = eventRate;
        this.limit = limit;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    @Override
    public void open(SourceContext context) {
        int parallelism = Math.max(1, context.task().parallelism());
        subtaskIndex = context.task().subtaskIndex();
        delayNanos = 1e9 * parallelism / eventRate;
        byte[] restored = context.restoredState();
        if (restored != null && restored.length == STATE_BYTES) {
            ByteBuffer b = ByteBuffer.wrap(restored);
            counter = b.getLong();
            startEpochNanos = b.getLong();
            LOG.info("Impulse source {} subtask {} restored at counter {}", context.task().operatorId(),
                    subtaskIndex, counter);
        } else {
            counter = 0;
            startEpochNanos = clock.epochNanos();
        }
        // as Arroyo: pace as if the rows already emitted had been emitted at the configured rate
        paceStart = clock.nanoTime() - (long) (delayNanos * counter);
    }

    @Override
    public SourceStatus poll(Collector out) throws InterruptedException {
        if (counter >= limit) {
            return SourceStatus.FINISHED;
        }
        long due = due(clock.nanoTime());
        if (due <= counter) {
            long next = paceStart + (long) (delayNanos * counter);
            long wait = Math.min(next - clock.nanoTime(), MAX_WAIT_NANOS);
            if (wait > 0) {
                clock.sleepNanos(wait);
            }
            due = due(clock.nanoTime());
            if (due <= counter) {
                return SourceStatus.ACTIVE;
            }
        }
        long end = Math.min(Math.min(due, limit), counter + MAX_BATCH);
        Long subtask = subtaskIndex;
        for (; counter < end; counter++) {
            long eventTime = intervalNanos >= 0 ? startEpochNanos + intervalNanos * counter : clock.epochNanos();
            out.collect(new Object[] {counter, subtask, eventTime});
        }
        return counter >= limit ? SourceStatus.FINISHED : SourceStatus.ACTIVE;
    }

    /** How many rows (counting from 0) are due at {@code now}. */
    private long due(long now) {
        double elapsed = now - paceStart;
        if (elapsed < 0) {
            return 0;
        }
        double n = Math.floor(elapsed / delayNanos) + 1;
        return n >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) n;
    }

    @Override
    public byte[] snapshot(long epoch) {
        return ByteBuffer.allocate(STATE_BYTES).putLong(counter).putLong(startEpochNanos).array();
    }

    /** The next counter value: how many rows this subtask has emitted. */
    long counter() {
        return counter;
    }
}
