package org.wadi.connector.nexmark.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;

/**
 * One subtask of a nexmark table. The event numbers are cut into {@value #SPLITS} splits, a number
 * independent of the parallelism: split {@code s} holds the events {@code s, s + SPLITS, s + 2 ×
 * SPLITS, …} below the {@code events} bound, and subtask {@code i} of {@code p} owns the splits
 * {@code s} with {@code s % p == i}. A subtask emits the events of its splits in ascending event
 * number, so where {@code p} divides {@value #SPLITS} (every parallelism up to 10, and 12, 14, 15,
 * 16, …, 32, 64) subtask {@code i} emits {@code i, i + p, i + 2p, …}: the lanes of the Flink
 * baseline's generator.
 *
 * <p>Paced, event {@code n} is due {@code n / event_rate} seconds after the start, and each poll
 * emits the events that are due (at most {@value #MAX_BATCH}), so high rates go out in batches and
 * low rates need no sleep per event.
 *
 * <p>The checkpointed state is the next event of each owned split with its base time. At restore
 * the source merges the states of every old subtask ({@link SourceContext#restoredStates()}) and
 * resumes the splits it owns now, so the job may restore at another parallelism with no event lost
 * and none emitted twice. Splits restored from different old subtasks may stand at different
 * places; the source then emits the lowest event numbers first until they are level again.
 */
final class NexmarkSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(NexmarkSource.class);

    /**
     * The number of splits: 2^6 × 3^2 × 5 × 7, divisible by every parallelism up to 10 and by many
     * more (12, 14, 15, 16, 18, 20, 21, 24, 28, 30, 32, …, 64), so that those spread the splits
     * evenly and keep the baseline's lanes. A parallelism above it leaves subtasks without splits.
     */
    static final int SPLITS = 20_160;
    /** The most events one poll emits, so that polls return promptly for barriers and stops. */
    static final int MAX_BATCH = 4096;
    /** The longest a poll waits for the next event to become due. */
    static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The state of the lane-based source before splits: lane, stride, next event, base time. */
    private static final int LANE_STATE_VERSION = 1;
    private static final int LANE_STATE_BYTES = 4 + 4 + 4 + 8 + 8;
    /** Runs of owned splits, see {@link #snapshot}. */
    private static final int STATE_VERSION = 2;
    private static final int RUN_BYTES = 4 + 4 + 4 + 8 + 8;

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

    /** Where a split stands: its next event number, and the event time of event 0 it generates with. */
    record SplitPosition(long next, long baseTimeMs) {
    }

    private final NexmarkSettings settings;
    private final Clock clock;

    /** The owned splits, ascending. */
    private int[] splits;
    /** Per owned split, its next event number ({@code split + k × SPLITS}). */
    private long[] next;
    /** Per owned split, the generator of its base time (one shared instance per base time). */
    private NexmarkGenerator[] generators;
    /** The generator of every owned split when they share one base time (the usual case), else null. */
    private NexmarkGenerator single;
    private long[] baseTimes;
    /**
     * The splits are emitted in passes, each over the owned splits in ascending order: a pass emits
     * the events below {@code passEnd} ({@code (k + 1) × SPLITS} for the lowest {@code k} still
     * pending), one per split, which keeps the events in ascending order.
     */
    private long passEnd;
    /** The owned split the current pass is at. */
    private int cursor;
    private double delayNanos;
    private long paceStart;

    NexmarkSource(NexmarkSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void open(SourceContext context) {
        int parallelism = Math.max(1, context.task().parallelism());
        int subtask = context.task().subtaskIndex();
        int owned = subtask >= SPLITS ? 0 : (SPLITS - 1 - subtask) / parallelism + 1;
        splits = new int[owned];
        next = new long[owned];
        generators = new NexmarkGenerator[owned];
        baseTimes = new long[owned];
        for (int j = 0; j < owned; j++) {
            splits[j] = subtask + j * parallelism;
        }
        List<byte[]> restored = context.restoredStates();
        String where = "nexmark source " + context.task().operatorId() + " subtask " + subtask + " of " + parallelism;
        if (restored.isEmpty()) {
            long base = settings.baseTimeMs() != null ? settings.baseTimeMs() : clock.epochMillis();
            NexmarkGenerator gen = new NexmarkGenerator(base, settings.eventTimeRate());
            for (int j = 0; j < owned; j++) {
                next[j] = splits[j];
                generators[j] = gen;
                baseTimes[j] = base;
            }
        } else {
            Map<Integer, SplitPosition> positions = merge(restored, where);
            Map<Long, NexmarkGenerator> byBase = new HashMap<>();
            for (int j = 0; j < owned; j++) {
                SplitPosition p = positions.get(splits[j]);
                if (p == null) {
                    throw new IllegalStateException(where + " cannot restore: the checkpoint's " + restored.size()
                            + " source state(s) hold no position for its split " + splits[j] + " (they cover "
                            + positions.size() + " of " + SPLITS + " splits); every old subtask's state is needed");
                }
                next[j] = p.next();
                baseTimes[j] = p.baseTimeMs();
                generators[j] = byBase.computeIfAbsent(p.baseTimeMs(),
                        b -> new NexmarkGenerator(b, settings.eventTimeRate()));
            }
            LOG.info("{} restored {} splits from {} old subtask state(s); next event {}", where, owned,
                    restored.size(), next());
        }
        single = owned > 0 && Arrays.stream(generators).allMatch(g -> g == generators[0]) ? generators[0]
                : null;
        cursor = owned;
        passEnd = Long.MIN_VALUE;
        if (settings.pace()) {
            delayNanos = 1e9 / settings.eventRate();
            // as if the events before the lowest pending one had been emitted at the configured rate
            long first = Math.min(next(), settings.events());
            paceStart = clock.nanoTime() - (long) (delayNanos * first);
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws InterruptedException {
        long events = settings.events();
        long limit = events;
        if (settings.pace()) {
            long lowest = next();
            if (lowest >= events) {
                return SourceStatus.FINISHED;
            }
            long due = due(clock.nanoTime());
            if (due <= lowest) {
                long wait = Math.min(paceStart + (long) (delayNanos * lowest) - clock.nanoTime(), MAX_WAIT_NANOS);
                if (wait > 0) {
                    clock.sleepNanos(wait);
                }
                due = due(clock.nanoTime());
                if (due <= lowest) {
                    return SourceStatus.ACTIVE;
                }
            }
            limit = Math.min(limit, due);
        }
        final int[] owned = splits;
        final long[] pos = next;
        final NexmarkGenerator[] gens = generators;
        final NexmarkGenerator one = single;
        final int m = owned.length;
        int c = cursor;
        long end = passEnd;
        try {
            for (int i = 0; i < MAX_BATCH; i++) {
                if (c == m) {
                    if (m == 0) {
                        return SourceStatus.FINISHED;
                    }
                    end = passEnd(pos);
                    c = 0;
                }
                long n = pos[c];
                if (n >= end) {
                    c++; // this split is ahead: its next event belongs to a later pass
                    continue;
                }
                if (n >= limit) {
                    // every event still pending is above n (this pass ascends, later passes lie above it)
                    return n >= events ? SourceStatus.FINISHED : SourceStatus.ACTIVE;
                }
                out.collect((one != null ? one : gens[c]).generate(n));
                pos[c] = n + SPLITS;
                c++;
            }
        } finally {
            cursor = c;
            passEnd = end;
        }
        return SourceStatus.ACTIVE;
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

    /**
     * The position of every owned split, as runs: {@code int version, int SPLITS, int runs}, then
     * per run {@code int first split, int step, int count, long round, long base time} — the splits
     * {@code first, first + step, …} ({@code count} of them) whose next events are {@code split +
     * round × SPLITS}. Splits level with each other make one run, so the state is a few runs long.
     */
    @Override
    public byte[] snapshot(long epoch) {
        List<long[]> runs = new ArrayList<>();
        int m = splits.length;
        int step = m > 1 ? splits[1] - splits[0] : 1;
        for (int j = 0; j < m; ) {
            long round = (next[j] - splits[j]) / SPLITS;
            long base = baseTimes[j];
            int k = j + 1;
            while (k < m && (next[k] - splits[k]) / SPLITS == round && baseTimes[k] == base) {
                k++;
            }
            runs.add(new long[] {splits[j], step, k - j, round, base});
            j = k;
        }
        ByteBuffer b = ByteBuffer.allocate(12 + runs.size() * RUN_BYTES).putInt(STATE_VERSION).putInt(SPLITS)
                .putInt(runs.size());
        for (long[] r : runs) {
            b.putInt((int) r[0]).putInt((int) r[1]).putInt((int) r[2]).putLong(r[3]).putLong(r[4]);
        }
        return b.array();
    }

    /** Every split's position in the states of all old subtasks. */
    static Map<Integer, SplitPosition> merge(List<byte[]> states, String where) {
        Map<Integer, SplitPosition> out = new TreeMap<>();
        for (byte[] state : states) {
            Map<Integer, SplitPosition> one;
            try {
                one = read(state);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new IllegalStateException(where + " cannot read a checkpointed state (" + state.length
                        + " bytes): " + (e.getMessage() == null ? "it is truncated" : e.getMessage()), e);
            }
            for (Map.Entry<Integer, SplitPosition> e : one.entrySet()) {
                if (out.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException(where + " cannot restore: split " + e.getKey()
                            + " appears in two old subtasks' states");
                }
            }
        }
        return out;
    }

    /** The split positions one state holds, of either version. */
    private static Map<Integer, SplitPosition> read(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state);
        int version = b.getInt();
        Map<Integer, SplitPosition> out = new HashMap<>();
        if (version == LANE_STATE_VERSION && state.length == LANE_STATE_BYTES) {
            // lane i of p had emitted its events below `next`: with p dividing SPLITS its events are
            // exactly those of the splits s ≡ i (mod p), each next at its first event from `next` on
            int lane = b.getInt();
            int stride = b.getInt();
            long nextEvent = b.getLong();
            long base = b.getLong();
            if (stride <= 0 || SPLITS % stride != 0 || lane < 0 || lane >= stride) {
                throw new IllegalArgumentException("it is lane " + lane + " of " + stride + " of the lane-based"
                        + " generator, which maps onto the " + SPLITS + " splits only for parallelisms dividing "
                        + SPLITS);
            }
            for (int s = lane; s < SPLITS; s += stride) {
                long k = nextEvent <= s ? 0 : (nextEvent - s + SPLITS - 1) / SPLITS;
                out.put(s, new SplitPosition(s + k * SPLITS, base));
            }
            return out;
        }
        if (version != STATE_VERSION) {
            throw new IllegalArgumentException("unknown version " + version + "; expected " + STATE_VERSION
                    + " (splits) or " + LANE_STATE_VERSION + " (lanes)");
        }
        int splitCount = b.getInt();
        if (splitCount != SPLITS) {
            throw new IllegalArgumentException("it was written with " + splitCount + " splits, this source has "
                    + SPLITS);
        }
        int runs = b.getInt();
        for (int r = 0; r < runs; r++) {
            int first = b.getInt();
            int step = b.getInt();
            int count = b.getInt();
            long round = b.getLong();
            long base = b.getLong();
            for (int k = 0; k < count; k++) {
                int s = first + k * step;
                if (s < 0 || s >= SPLITS || round < 0) {
                    throw new IllegalArgumentException("split " + s + " at round " + round + " is out of range");
                }
                out.put(s, new SplitPosition(s + round * SPLITS, base));
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " bytes follow its " + runs + " runs");
        }
        return out;
    }

    /**
     * The next event this subtask emits, the lowest it has still to emit ({@code Long.MAX_VALUE}
     * without splits); moves the pass on to it.
     */
    long next() {
        int m = splits.length;
        if (m == 0) {
            return Long.MAX_VALUE;
        }
        while (true) {
            if (cursor == m) {
                passEnd = passEnd(next);
                cursor = 0;
            }
            long n = next[cursor];
            if (n < passEnd) {
                return n;
            }
            cursor++;
        }
    }

    /** The end of the pass of the lowest pending events: those of round {@code lowest / SPLITS}. */
    private static long passEnd(long[] positions) {
        long lowest = Long.MAX_VALUE;
        for (long p : positions) {
            lowest = Math.min(lowest, p);
        }
        return (lowest / SPLITS + 1) * SPLITS;
    }
}
