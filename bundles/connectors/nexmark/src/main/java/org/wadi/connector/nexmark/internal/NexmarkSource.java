package org.wadi.connector.nexmark.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * One subtask of a nexmark table: lane {@code i} of {@code p} emits the event numbers {@code i,
 * i+p, i+2p, …} below the {@code events} bound. Paced, event {@code n} is due {@code n /
 * event_rate} seconds after the start, and each poll emits the events that are due (at most
 * {@value #MAX_BATCH}), so high rates go out in batches and low rates need no sleep per event.
 * The checkpointed state is the next event number and the base time, so a restored job goes on
 * with exactly the events that followed.
 */
final class NexmarkSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(NexmarkSource.class);

    /** The most events one poll emits, so that polls return promptly for barriers and stops. */
    static final int MAX_BATCH = 4096;
    /** The longest a poll waits for the next event to become due. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int STATE_VERSION = 1;
    private static final int STATE_BYTES = 4 + 4 + 4 + 8 + 8;

    /** Time as the source sees it; a fake one makes pacing testable without waiting. */
    interface Clock {
        /** A monotonic time in nanoseconds. */
        long nanoTime();

        /** The wall-clock time in milliseconds since the epoch. */
        long epochMillis();

        /** Waits about this long. */
        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long epochMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final NexmarkSettings settings;
    private final Clock clock;

    private int lane;
    private int stride;
    private long next;
    private long baseTimeMs;
    private NexmarkGenerator generator;
    private double delayNanos;
    private long paceStart;

    NexmarkSource(NexmarkSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void open(SourceContext context) {
        stride = Math.max(1, context.task().parallelism());
        lane = context.task().subtaskIndex();
        byte[] restored = context.restoredState();
        if (restored != null) {
            ByteBuffer b = ByteBuffer.wrap(restored);
            int version = restored.length == STATE_BYTES ? b.getInt() : -1;
            if (version != STATE_VERSION) {
                throw new IllegalStateException("nexmark source " + context.task().operatorId() + " subtask " + lane
                        + " cannot read its checkpointed state (" + restored.length + " bytes, version " + version
                        + "); expected " + STATE_BYTES + " bytes of version " + STATE_VERSION);
            }
            int savedLane = b.getInt();
            int savedStride = b.getInt();
            if (savedLane != lane || savedStride != stride) {
                throw new IllegalStateException("nexmark source " + context.task().operatorId() + " was checkpointed"
                        + " as subtask " + savedLane + " of " + savedStride + " but restores as subtask " + lane
                        + " of " + stride + "; its parallelism cannot change across a restore");
            }
            next = b.getLong();
            baseTimeMs = b.getLong();
            LOG.info("Nexmark source {} subtask {} restored at event {}", context.task().operatorId(), lane, next);
        } else {
            next = lane;
            baseTimeMs = settings.baseTimeMs() != null ? settings.baseTimeMs() : clock.epochMillis();
        }
        generator = new NexmarkGenerator(baseTimeMs, settings.eventTimeRate());
        if (settings.pace()) {
            delayNanos = 1e9 / settings.eventRate();
            // as if the events before `next` had been emitted at the configured rate
            paceStart = clock.nanoTime() - (long) (delayNanos * next);
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws InterruptedException {
        long limit = settings.events();
        if (next >= limit) {
            return SourceStatus.FINISHED;
        }
        if (settings.pace()) {
            long due = due(clock.nanoTime());
            if (due <= next) {
                long wait = Math.min(paceStart + (long) (delayNanos * next) - clock.nanoTime(), MAX_WAIT_NANOS);
                if (wait > 0) {
                    clock.sleepNanos(wait);
                }
                due = due(clock.nanoTime());
                if (due <= next) {
                    return SourceStatus.ACTIVE;
                }
            }
            limit = Math.min(limit, due);
        }
        NexmarkGenerator gen = generator;
        long n = next;
        for (int i = 0; i < MAX_BATCH && n < limit; i++, n += stride) {
            out.collect(gen.generate(n));
        }
        next = n;
        return next >= settings.events() ? SourceStatus.FINISHED : SourceStatus.ACTIVE;
    }

    /** The event numbers below this are due at {@code now}. */
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
        return ByteBuffer.allocate(STATE_BYTES).putInt(STATE_VERSION).putInt(lane).putInt(stride).putLong(next)
                .putLong(baseTimeMs).array();
    }

    /** The number of the next event this subtask emits. */
    long next() {
        return next;
    }
}
