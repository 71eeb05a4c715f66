package org.wadi.worker.internal.lookup;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The rows a lookup join has looked up, by key: least recently used first out once their estimated
 * size passes {@code maxBytes}, and forgotten {@code ttlNanos} after they were looked up. Misses
 * are cached too (as {@link #MISS}), so that keys without a row are not asked for again and again.
 * Called from the task's one thread.
 */
final class LookupCache {

    /** The cached answer "the table has no row for this key". */
    static final Object[] MISS = new Object[0];

    /** What a map entry, its key and its node cost besides the values. */
    private static final long ENTRY_OVERHEAD = 96;

    private static final class Entry {
        final Object[] row;
        final long bytes;
        final long expiresAt;

        Entry(Object[] row, long bytes, long expiresAt) {
            this.row = row;
            this.bytes = bytes;
            this.expiresAt = expiresAt;
        }
    }

    private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final long maxBytes;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private long bytes;

    /**
     * @param maxBytes the bound of the estimated size of the cached keys and rows
     * @param ttlNanos how long an entry is used after its lookup, or {@link Long#MAX_VALUE} for ever
     * @param nanoClock the time, in nanoseconds ({@link System#nanoTime} but in tests)
     */
    LookupCache(long maxBytes, long ttlNanos, LongSupplier nanoClock) {
        this.maxBytes = maxBytes;
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    /** The cached row for {@code key}, {@link #MISS} when the table had none, or {@code null} when not cached (or expired). */
    Object[] get(Object key) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (nanoClock.getAsLong() - e.expiresAt >= 0) {
            entries.remove(key);
            bytes -= e.bytes;
            return null;
        }
        return e.row;
    }

    /** Caches the answer for {@code key} ({@link #MISS} for none), evicting the least recently used entries over the bound. */
    void put(Object key, Object[] row) {
        long size = ENTRY_OVERHEAD + estimate(key) + estimate(row);
        if (size > maxBytes) {
            return;
        }
        long now = nanoClock.getAsLong();
        long expiresAt = ttlNanos == Long.MAX_VALUE ? now + (Long.MAX_VALUE >> 1) : now + ttlNanos;
        Entry old = entries.put(key, new Entry(row, size, expiresAt));
        if (old != null) {
            bytes -= old.bytes;
        }
        bytes += size;
        Iterator<Map.Entry<Object, Entry>> eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().bytes;
            eldest.remove();
        }
    }

    /** How many keys are cached. */
    int size() {
        return entries.size();
    }

    /** The estimated size of the cached keys and rows. */
    long bytes() {
        return bytes;
    }

    /** A rough estimate of what a value takes on the heap. */
    static long estimate(Object v) {
        if (v == null) {
            return 8;
        }
        if (v instanceof String s) {
            return 48 + 2L * s.length();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v instanceof BigDecimal ? 64 : 24;
        }
        if (v instanceof byte[] b) {
            return 24 + b.length;
        }
        if (v instanceof Object[] a) {
            long n = 24 + 8L * a.length;
            for (Object o : a) {
                n += estimate(o);
            }
            return n;
        }
        if (v instanceof Iterable<?> it) {
            long n = 48;
            for (Object o : it) {
                n += 8 + estimate(o);
            }
            return n;
        }
        return 64;
    }
}
