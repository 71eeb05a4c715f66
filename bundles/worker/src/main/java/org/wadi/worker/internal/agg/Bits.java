package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.spi.types.DataType;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * {@code bit_and}, {@code bit_or}, {@code bit_xor} of integers and {@code bool_and},
 * {@code bool_or} of booleans, from counts: per bit how many values have it set, and how many
 * values there are. So a retraction is exact and two groups combine by adding their counts. NULL
 * values are skipped; without values the result is NULL.
 */
final class Bits implements StateFunction<long[]> {

    /** The operation. */
    enum Op { BIT_AND, BIT_OR, BIT_XOR, BOOL_AND, BOOL_OR }

    private final int arg;
    private final DataType out;
    private final Op op;
    private final int width;

    Bits(int arg, DataType out, Op op) {
        this.arg = arg;
        this.out = out;
        this.op = op;
        // booleans: one "bit" (true), then the count
        this.width = op == Op.BOOL_AND || op == Op.BOOL_OR ? 2 : 65;
    }

    @Override
    public long[] create() {
        return new long[width];
    }

    private void count(long[] s, Object v, int delta) {
        if (width == 2) {
            if ((Boolean) v) {
                s[0] += delta;
            }
        } else {
            long bits = ((Number) v).longValue();
            while (bits != 0) {
                int b = Long.numberOfTrailingZeros(bits);
                s[b] += delta;
                bits &= bits - 1;
            }
        }
        s[width - 1] += delta;
    }

    @Override
    public void add(long[] s, Object[] row) {
        Object v = row[arg];
        if (v != null) {
            count(s, v, 1);
        }
    }

    @Override
    public void retract(long[] s, Object[] row) {
        Object v = row[arg];
        if (v != null && s[width - 1] > 0) {
            count(s, v, -1);
        }
    }

    @Override
    public void merge(long[] into, long[] from) {
        for (int i = 0; i < width; i++) {
            into[i] += from[i];
        }
    }

    @Override
    public Object result(long[] s) {
        long n = s[width - 1];
        if (n <= 0) {
            return null;
        }
        return switch (op) {
            case BOOL_AND -> s[0] == n;
            case BOOL_OR -> s[0] > 0;
            default -> {
                long r = 0;
                for (int b = 0; b < 64; b++) {
                    boolean set = switch (op) {
                        case BIT_AND -> s[b] == n;
                        case BIT_OR -> s[b] > 0;
                        default -> (s[b] & 1) == 1;
                    };
                    if (set) {
                        r |= 1L << b;
                    }
                }
                yield Numbers.fromLong(r, out);
            }
        };
    }

    @Override
    public long[] copy(long[] s) {
        return s.clone();
    }

    @Override
    public void write(StateWriter out, long[] s) {
        out.writeLongs(s, 0, width);
    }

    @Override
    public long[] read(StateReader in) throws IOException {
        long[] s = new long[width];
        in.readLongs(s, 0, width);
        return s;
    }
}
