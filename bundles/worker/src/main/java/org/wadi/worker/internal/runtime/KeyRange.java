package org.wadi.worker.internal.runtime;

/**
 * The share of the key-hash space {@code [0, 2^32)} that subtask {@code subtask} of an operator at
 * {@code parallelism} owns: a SHUFFLE edge sends a row whose key hash ({@link Partitioners#hash},
 * read as an unsigned 32-bit number {@code u}) to subtask {@code (u * parallelism) >>> 32}, so each
 * subtask owns one contiguous range, and a key's owner at any parallelism follows from its hash
 * alone. That is what lets keyed state be restored at another parallelism: each new subtask reads
 * the old subtasks whose ranges overlap its own ({@link #overlaps}) and keeps the keys it
 * {@link #contains}.
 */
public record KeyRange(int subtask, int parallelism) {

    /** The size of the key-hash space: 2^32. */
    public static final long SPACE = 1L << 32;

    public KeyRange {
        if (parallelism < 1 || subtask < 0 || subtask >= parallelism) {
            throw new IllegalArgumentException("invalid key range: subtask " + subtask + " of parallelism "
                    + parallelism);
        }
    }

    /** The subtask of {@code parallelism} that owns key hash {@code hash}. */
    public static int subtaskOf(int hash, int parallelism) {
        return (int) (((hash & 0xffffffffL) * parallelism) >>> 32);
    }

    /** The first unsigned hash owned: {@code ceil(subtask * 2^32 / parallelism)}. */
    public long start() {
        return startOf(subtask, parallelism);
    }

    /** One past the last unsigned hash owned. */
    public long end() {
        return startOf(subtask + 1, parallelism);
    }

    private static long startOf(int subtask, int parallelism) {
        return (subtask * SPACE + parallelism - 1) / parallelism;
    }

    /** Whether this subtask owns key hash {@code hash}. */
    public boolean contains(int hash) {
        return subtaskOf(hash, parallelism) == subtask;
    }

    /** Whether this range and {@code other} (of any parallelism) share a hash. */
    public boolean overlaps(KeyRange other) {
        return start() < other.end() && other.start() < end();
    }

    /** Whether this range holds {@code other}'s first hash: exactly one range of a parallelism does. */
    public boolean holdsStartOf(KeyRange other) {
        long s = other.start();
        return s >= start() && s < end();
    }

    @Override
    public String toString() {
        return "[" + start() + ", " + end() + ") (subtask " + subtask + " of " + parallelism + ")";
    }
}
