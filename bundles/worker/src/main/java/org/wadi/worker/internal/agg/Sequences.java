package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * The functions of the order rows arrive in: {@code array_agg}, {@code string_agg},
 * {@code first_value}, {@code last_value} and {@code nth_value}. A group keeps its values in
 * arrival order (within a window: panes in time order, arrival order within a pane); of an append
 * input only as many as the result can need (one for {@code first_value} and {@code last_value},
 * |n| for {@code nth_value}), of an updating input all of them, so that a retraction (of the latest
 * equal value) keeps the others in their order.
 *
 * <p>As DataFusion's: {@code array_agg} keeps NULLs and is NULL over no rows; {@code string_agg}
 * skips NULLs and is NULL without values; {@code first_value}, {@code last_value} and
 * {@code nth_value} respect NULLs (a NULL first value is the first value); {@code nth_value(x, n)}
 * counts from 1, from the end when n is negative, and is NULL when there are fewer values.
 */
final class Sequences implements StateFunction<ArrayList<Object>> {

    /** The function. */
    enum Fn { ARRAY_AGG, STRING_AGG, FIRST_VALUE, LAST_VALUE, NTH_VALUE }

    private final int arg;
    private final Fn fn;
    /** nth_value's n (1 for first_value, -1 for last_value). */
    private final long n;
    private final String delimiter;
    /** How many values to keep from the front (positive), the back (negative), or all (0). */
    private final long keep;

    Sequences(int arg, Fn fn, long n, String delimiter, boolean retracting) {
        this.arg = arg;
        this.fn = fn;
        this.n = fn == Fn.FIRST_VALUE ? 1 : fn == Fn.LAST_VALUE ? -1 : n;
        this.delimiter = delimiter;
        this.keep = retracting || fn == Fn.ARRAY_AGG || fn == Fn.STRING_AGG ? 0 : this.n;
    }

    @Override
    public ArrayList<Object> create() {
        return new ArrayList<>(keep != 0 ? (int) Math.min(Math.abs(keep), 16) : 4);
    }

    @Override
    public void add(ArrayList<Object> s, Object[] row) {
        Object v = row[arg];
        if (v == null && fn == Fn.STRING_AGG) {
            return;
        }
        if (keep > 0 && s.size() >= keep) {
            return;
        }
        s.add(v);
        if (keep < 0 && s.size() > -keep) {
            s.remove(0);
        }
    }

    @Override
    public void retract(ArrayList<Object> s, Object[] row) {
        Object v = row[arg];
        // the latest equal value: the earlier ones, and so first_value, stay as they were
        for (int i = s.size() - 1; i >= 0; i--) {
            if (Numbers.same(s.get(i), v)) {
                s.remove(i);
                return;
            }
        }
    }

    @Override
    public void merge(ArrayList<Object> into, ArrayList<Object> from) {
        if (keep > 0) {
            for (int i = 0; i < from.size() && into.size() < keep; i++) {
                into.add(from.get(i));
            }
            return;
        }
        into.addAll(from);
        if (keep < 0 && into.size() > -keep) {
            into.subList(0, (int) (into.size() + keep)).clear();
        }
    }

    @Override
    public Object result(ArrayList<Object> s) {
        int size = s.size();
        return switch (fn) {
            case ARRAY_AGG -> size == 0 ? null : Collections.unmodifiableList(new ArrayList<>(s));
            case STRING_AGG -> {
                if (size == 0) {
                    yield null;
                }
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < size; i++) {
                    if (i > 0 && delimiter != null) {
                        b.append(delimiter);
                    }
                    b.append(s.get(i));
                }
                yield b.toString();
            }
            default -> {
                long at = n > 0 ? n - 1 : size + n;
                yield at >= 0 && at < size ? s.get((int) at) : null;
            }
        };
    }

    /** Whether NULL values are left out ({@code string_agg}); the others keep them. */
    boolean skipsNulls() {
        return fn == Fn.STRING_AGG;
    }

    @Override
    public ArrayList<Object> copy(ArrayList<Object> s) {
        return new ArrayList<>(s);
    }

    @Override
    public void write(StateWriter out, ArrayList<Object> s) {
        out.writeInt(s.size());
        for (Object v : s) {
            Values.write(out, v);
        }
    }

    @Override
    public ArrayList<Object> read(StateReader in) throws IOException {
        int size = in.readInt();
        ArrayList<Object> s = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            s.add(Values.read(in));
        }
        return s;
    }
}
