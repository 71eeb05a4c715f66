package org.wadi.worker.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The output a keyed operator's old subtasks emit into while it restores at another parallelism
 * and brings each of them up to the most advanced one's watermark: the rows of the keys this
 * subtask owns now are kept, then {@linkplain #emitTo emitted} before anything else once the task
 * runs; other keys' rows are their new owners' to emit. Rows are owned by a hash of their key
 * columns as the SHUFFLE routes them ({@link Partitioners#hash}).
 *
 * <p>An operator holds {@link #NONE} when it has nothing pending, and calls {@link #emitTo} before
 * it emits anything itself (a row, a watermark, a flush, a snapshot, the end): cheap when empty.
 */
public final class OwnedRows implements RowOutput {

    /** Nothing pending: what an operator holds when it was not restored at another parallelism. */
    public static final OwnedRows NONE = new OwnedRows(null, null);

    private final KeyRange owned;
    private final ToIntFunction<Object[]> ownerHash;
    private List<Object[]> rows = List.of();

    private OwnedRows(KeyRange owned, ToIntFunction<Object[]> ownerHash) {
        this.owned = owned;
        this.ownerHash = ownerHash;
    }

    /** Keeps the rows whose {@code keyColumns} (positions in an output row) hash into {@code owned}. */
    public static OwnedRows byColumns(KeyRange owned, int[] keyColumns) {
        int[] keys = keyColumns.clone();
        return new OwnedRows(owned, row -> Partitioners.hash(row, keys));
    }

    /** Keeps the rows whose first {@code keyCount} columns (their key, as window results start) hash into {@code owned}. */
    public static OwnedRows byLeadingColumns(KeyRange owned, int keyCount) {
        return new OwnedRows(owned, row -> Partitioners.hash(row, 0, keyCount));
    }

    /** Keeps the rows whose key hashes, as {@code ownerHash} computes it, into {@code owned}. */
    public static OwnedRows byHash(KeyRange owned, ToIntFunction<Object[]> ownerHash) {
        return new OwnedRows(owned, ownerHash);
    }

    /** The number of rows kept and not emitted yet. */
    public int size() {
        return rows.size();
    }

    /** Emits the rows kept, in the order they came, to {@code next}, and forgets them. */
    public void emitTo(RowOutput next) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> out = rows;
        rows = List.of();
        for (Object[] row : out) {
            next.collect(row);
        }
    }

    @Override
    public void collect(Object[] row) {
        if (owned == null) {
            throw new IllegalStateException("no rows are kept for an operator that was not restored");
        }
        if (owned.contains(ownerHash.applyAsInt(row))) {
            if (rows.isEmpty()) {
                rows = new ArrayList<>();
            }
            rows.add(row);
        }
    }

    @Override
    public void watermark(long watermark) {
        // the restored operator passes on its own watermarks once it runs
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        throw new IllegalStateException("no barrier reaches an operator while it is restored");
    }

    @Override
    public void flush() {
    }

    @Override
    public void finish() {
        throw new IllegalStateException("no input ends while an operator is restored");
    }
}
