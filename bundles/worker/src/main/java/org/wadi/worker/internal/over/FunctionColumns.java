package org.wadi.worker.internal.over;

import java.math.BigDecimal;
import java.util.List;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.plan.WindowFunctionCall;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.expr.Sql;
import org.wadi.worker.internal.runtime.RowOutput;

/**
 * The window functions of one operator, resolved once: emits the rows of a sorted partition, each
 * with the functions' values appended before {@code _timestamp}. The frame of {@code first_value},
 * {@code last_value} and {@code nth_value} is SQL's default with ORDER BY: from the partition's
 * first row to the current row's last peer. Ranks and row numbers come from per-function caches
 * of boxed numbers, so the only allocation per row is the output row.
 */
final class FunctionColumns {

    private static final int ROW_NUMBER = 0;
    private static final int RANK = 1;
    private static final int DENSE_RANK = 2;
    private static final int PERCENT_RANK = 3;
    private static final int CUME_DIST = 4;
    private static final int NTILE = 5;
    private static final int LAG = 6;
    private static final int LEAD = 7;
    private static final int FIRST_VALUE = 8;
    private static final int LAST_VALUE = 9;
    private static final int NTH_VALUE = 10;

    /** Boxed numbers cached per function up to this value; larger ones are boxed as needed. */
    private static final int BOX_CACHE_MAX = 1 << 16;

    private final int inputTs;
    private final int outputWidth;
    private final int[] kinds;
    private final int[] arguments;
    private final long[] offsets;
    private final Object[] defaults;
    /** Integer results as {@code Integer} (INT32 and narrower types) rather than {@code Long}. */
    private final boolean[] intResults;
    /** FLOAT32 results ({@code percent_rank}, {@code cume_dist}) rather than FLOAT64. */
    private final boolean[] floatResults;
    /** Per function: its boxed values 0, 1, 2, … (integer results only). */
    private final Object[][] boxes;

    private FunctionColumns(int inputWidth, int n) {
        inputTs = inputWidth - 1;
        outputWidth = inputWidth + n;
        kinds = new int[n];
        arguments = new int[n];
        offsets = new long[n];
        defaults = new Object[n];
        intResults = new boolean[n];
        floatResults = new boolean[n];
        boxes = new Object[n][];
    }

    /** The functions {@code calls} over rows of {@code input}; {@code what} names the operator in errors. */
    static FunctionColumns of(String what, Schema input, List<WindowFunctionCall> calls) throws PlanException {
        FunctionColumns f = new FunctionColumns(input.size(), calls.size());
        for (int i = 0; i < calls.size(); i++) {
            WindowFunctionCall c = calls.get(i);
            String where = c.function() + " (function " + i + ") of " + what;
            int kind = switch (c.function()) {
                case "row_number" -> ROW_NUMBER;
                case "rank" -> RANK;
                case "dense_rank" -> DENSE_RANK;
                case "percent_rank" -> PERCENT_RANK;
                case "cume_dist" -> CUME_DIST;
                case "ntile" -> NTILE;
                case "lag" -> LAG;
                case "lead" -> LEAD;
                case "first_value" -> FIRST_VALUE;
                case "last_value" -> LAST_VALUE;
                case "nth_value" -> NTH_VALUE;
                default -> throw new PlanException("window function '" + c.function() + "' of " + what
                        + " is not supported", "user");
            };
            f.kinds[i] = kind;
            f.arguments[i] = c.argument();
            f.offsets[i] = c.offset();
            switch (kind) {
                case ROW_NUMBER, RANK, DENSE_RANK, NTILE -> {
                    f.intResults[i] = switch (c.type().id()) {
                        case INT64, UINT64, UINT32 -> false;
                        case INT32, UINT16 -> true;
                        default -> throw new PlanException(where + " returns " + c.type()
                                + ", not an integer type of at least 16 bits", "internal");
                    };
                    f.boxes[i] = new Object[0];
                }
                case PERCENT_RANK, CUME_DIST -> f.floatResults[i] = switch (c.type().id()) {
                    case FLOAT64 -> false;
                    case FLOAT32 -> true;
                    default -> throw new PlanException(where + " returns " + c.type() + ", not a float type",
                            "internal");
                };
                default -> {
                    if (c.argument() < 0 || c.argument() >= input.size()) {
                        throw new PlanException(where + " reads column " + c.argument() + ", but the input has "
                                + input.size() + " columns", "internal");
                    }
                }
            }
            if ((kind == NTILE || kind == NTH_VALUE) && c.offset() < 1) {
                throw new PlanException(where + " needs a positive " + (kind == NTILE ? "bucket count" : "n")
                        + ", not " + c.offset(), "user");
            }
            if ((kind == LAG || kind == LEAD) && c.defaultValue() != null) {
                f.defaults[i] = literal(where, c.defaultValue(), c.type());
            }
        }
        return f;
    }

    /** A lag/lead default as a value of the function's type {@code type}. */
    static Object literal(String where, Expr.Literal l, DataType type) throws PlanException {
        String s = l.value();
        if (s == null) {
            return null;
        }
        try {
            return switch (type.id()) {
                case BOOLEAN -> switch (s) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case INT8 -> Byte.parseByte(s);
                case INT16, UINT8 -> Short.parseShort(s);
                case INT32, UINT16, DATE -> Integer.parseInt(s);
                case INT64, UINT32, TIMESTAMP, TIME, INTERVAL -> Long.parseLong(s);
                case UINT64 -> Long.parseUnsignedLong(s);
                case FLOAT32 -> Float.parseFloat(s);
                case FLOAT64 -> Double.parseDouble(s);
                case DECIMAL -> new BigDecimal(s).setScale(type.scale());
                case UTF8, JSON -> s;
                case BINARY -> Sql.unhex(s);
                default -> throw new IllegalArgumentException("no literal of this type");
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new PlanException("the default '" + s + "' of " + where + " is not a valid " + type + ": "
                    + e.getMessage(), "internal");
        }
    }

    /** Output rows have the input's columns but {@code _timestamp}, one per function, then {@code _timestamp}. */
    int outputWidth() {
        return outputWidth;
    }

    /**
     * Emits the partition {@code idx[from … to)} — indexes into {@code rows}, in sort order — into
     * {@code out}; rows that {@code order} compares equal are peers (with no ORDER BY, all are).
     */
    void emit(Object[][] rows, int[] idx, int from, int to, RowOrder order, RowOutput out) {
        int n = to - from;
        int needed = Math.min(n + 1, BOX_CACHE_MAX);
        for (int f = 0; f < kinds.length; f++) {
            if (boxes[f] != null && boxes[f].length < needed) {
                growBoxes(f, needed);
            }
        }
        int dense = 0;
        for (int peers = from; peers < to; ) {
            // the peer group [peers, end)
            int end = peers + 1;
            if (order.isEmpty()) {
                end = to;
            } else {
                while (end < to && order.compare(rows[idx[end - 1]], rows[idx[end]]) == 0) {
                    end++;
                }
            }
            dense++;
            for (int j = peers; j < end; j++) {
                Object[] in = rows[idx[j]];
                Object[] row = new Object[outputWidth];
                System.arraycopy(in, 0, row, 0, inputTs);
                row[outputWidth - 1] = in[inputTs];
                for (int f = 0; f < kinds.length; f++) {
                    row[inputTs + f] = value(f, rows, idx, from, to, j, peers, end, dense);
                }
                out.collect(row);
            }
            peers = end;
        }
    }

    /** Function {@code f}'s value at row {@code idx[j]}, whose peers are {@code idx[peers … end)}. */
    private Object value(int f, Object[][] rows, int[] idx, int from, int to, int j, int peers, int end, int dense) {
        int n = to - from;
        return switch (kinds[f]) {
            case ROW_NUMBER -> box(f, j - from + 1);
            case RANK -> box(f, peers - from + 1);
            case DENSE_RANK -> box(f, dense);
            case PERCENT_RANK -> fraction(f, n == 1 ? 0 : (double) (peers - from) / (n - 1));
            case CUME_DIST -> fraction(f, (double) (end - from) / n);
            case NTILE -> box(f, ntile(j - from, n, offsets[f]));
            case LAG -> shifted(f, rows, idx, from, to, j - from - offsets[f]);
            case LEAD -> shifted(f, rows, idx, from, to, j - from + offsets[f]);
            case FIRST_VALUE -> rows[idx[from]][arguments[f]];
            case LAST_VALUE -> rows[idx[end - 1]][arguments[f]];
            case NTH_VALUE -> offsets[f] <= end - from ? rows[idx[from + (int) offsets[f] - 1]][arguments[f]] : null;
            default -> throw new IllegalStateException("unknown window function kind " + kinds[f]);
        };
    }

    /**
     * The bucket (1 … k) of the row at {@code i} of {@code n} rows split into {@code k} buckets
     * whose sizes differ by at most one, the larger first (SQL's ntile).
     */
    static long ntile(int i, int n, long k) {
        if (k >= n) {
            return i + 1;
        }
        long size = n / k;
        long larger = n % k;
        long inLarger = larger * (size + 1);
        return i < inLarger ? i / (size + 1) + 1 : (i - inLarger) / size + larger + 1;
    }

    private Object shifted(int f, Object[][] rows, int[] idx, int from, int to, long at) {
        return at >= 0 && at < to - from ? rows[idx[from + (int) at]][arguments[f]] : defaults[f];
    }

    private Object fraction(int f, double v) {
        return floatResults[f] ? (Object) (float) v : (Object) v;
    }

    private Object box(int f, long v) {
        Object[] cache = boxes[f];
        if (v < cache.length) {
            return cache[(int) v];
        }
        return intResults[f] ? (Object) (int) v : (Object) v;
    }

    /** Caches at least {@code needed} (at most {@value #BOX_CACHE_MAX}) boxed values for function {@code f}. */
    private void growBoxes(int f, int needed) {
        int size = Math.min(BOX_CACHE_MAX, Math.max(needed, boxes[f].length * 2));
        Object[] cache = new Object[size];
        for (int v = 0; v < size; v++) {
            cache[v] = intResults[f] ? (Object) v : (Object) (long) v;
        }
        boxes[f] = cache;
    }
}
