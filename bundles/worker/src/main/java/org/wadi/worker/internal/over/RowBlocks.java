package org.wadi.worker.internal.over;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * Held rows in snapshots: in blocks of {@value #BLOCK} rows, each column of a block written as one
 * {@link Values} column, so that columns of longs, ints or strings take their compact form.
 */
final class RowBlocks {

    private static final int BLOCK = 256;

    private RowBlocks() {
    }

    /** Writes {@code rows[0 … n)}, of {@code width} columns each. */
    static void write(StateWriter out, Object[][] rows, int n, int width) {
        Object[] block = new Object[Math.min(n, BLOCK) * width];
        for (int from = 0; from < n; from += BLOCK) {
            int k = Math.min(BLOCK, n - from);
            for (int i = 0; i < k; i++) {
                System.arraycopy(rows[from + i], 0, block, i * width, width);
            }
            for (int j = 0; j < width; j++) {
                Values.writeColumn(out, block, j, width, k);
            }
        }
    }

    /** Reads {@code n} rows that {@link #write} wrote into {@code rows[0 … n)}, each a new array. */
    static void read(StateReader in, Object[][] rows, int n, int width) throws IOException {
        Object[] block = new Object[Math.min(n, BLOCK) * width];
        for (int from = 0; from < n; from += BLOCK) {
            int k = Math.min(BLOCK, n - from);
            for (int j = 0; j < width; j++) {
                Values.readColumn(in, block, j, width, k);
            }
            for (int i = 0; i < k; i++) {
                Object[] row = new Object[width];
                System.arraycopy(block, i * width, row, 0, width);
                rows[from + i] = row;
            }
        }
    }
}
