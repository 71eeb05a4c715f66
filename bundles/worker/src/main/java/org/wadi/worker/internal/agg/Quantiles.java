package org.wadi.worker.internal.agg;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.TypeId;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;
import org.wadi.worker.internal.state.Values;

/**
 * {@code median}, {@code approx_median}, {@code approx_percentile_cont} and
 * {@code approx_percentile_cont_with_weight}, computed exactly from the sorted multiset of a
 * group's non-null values (each distinct value with its weight and row count). So retractions and
 * the combination of groups are exact; the price is memory per distinct value, where DataFusion
 * keeps a t-digest of at most 100 centroids.
 *
 * <p>{@code median} is DataFusion's: the middle value, or the mean of the two middle ones computed
 * in the input type (integers truncate). The percentiles interpolate linearly between the two
 * values around rank {@code p · (W - 1)} (W the total weight; every row weighs 1 unless weighted),
 * as {@code percentile_cont}, and return the input type (integers truncate, as DataFusion's).
 */
final class Quantiles implements StateFunction<Quantiles.Multiset> {

    /** The values of a group: value → {weight, rows}, and the total weight. */
    static final class Multiset {
        final TreeMap<Object, double[]> values;
        double total;

        Multiset(TreeMap<Object, double[]> values) {
            this.values = values;
        }
    }

    private final int arg;
    /** The weight column, or -1. */
    private final int weight;
    /** The percentile, or NaN for DataFusion's median. */
    private final double p;
    private final DataType out;
    private final boolean unsigned;

    Quantiles(int arg, int weight, double p, DataType out, boolean unsigned) {
        this.arg = arg;
        this.weight = weight;
        this.p = p;
        this.out = out;
        this.unsigned = unsigned;
    }

    @Override
    public Multiset create() {
        return new Multiset(new TreeMap<>(Extremes.order(unsigned)));
    }

    private double weightOf(Object[] row) {
        if (weight < 0) {
            return 1;
        }
        Object w = row[weight];
        return w == null ? 0 : ((Number) w).doubleValue();
    }

    @Override
    public void add(Multiset s, Object[] row) {
        Object v = row[arg];
        double w = weightOf(row);
        if (v == null || !(w > 0)) {
            return;
        }
        double[] e = s.values.computeIfAbsent(v, k -> new double[2]);
        e[0] += w;
        e[1]++;
        s.total += w;
    }

    @Override
    public void retract(Multiset s, Object[] row) {
        Object v = row[arg];
        double w = weightOf(row);
        if (v == null || !(w > 0)) {
            return;
        }
        double[] e = s.values.get(v);
        if (e == null) {
            return;
        }
        if (--e[1] <= 0) {
            s.values.remove(v);
            s.total -= e[0];
            if (s.values.isEmpty()) {
                s.total = 0;
            }
        } else {
            e[0] -= w;
            s.total -= w;
        }
    }

    @Override
    public void merge(Multiset into, Multiset from) {
        for (Map.Entry<Object, double[]> e : from.values.entrySet()) {
            double[] mine = into.values.computeIfAbsent(e.getKey(), k -> new double[2]);
            mine[0] += e.getValue()[0];
            mine[1] += e.getValue()[1];
        }
        into.total += from.total;
    }

    /** The value at position {@code pos} (0-based) of the values in order, each repeated by its weight. */
    private static Object at(Multiset s, double pos) {
        double cum = 0;
        Object last = null;
        for (Map.Entry<Object, double[]> e : s.values.entrySet()) {
            cum += e.getValue()[0];
            last = e.getKey();
            if (pos < cum) {
                return last;
            }
        }
        return last;
    }

    @Override
    public Object result(Multiset s) {
        if (s.values.isEmpty()) {
            return null;
        }
        if (Double.isNaN(p)) {
            return median(s);
        }
        double rank = p * (s.total - 1);
        if (rank < 0) {
            rank = 0;
        }
        double lo = Math.floor(rank);
        Object a = at(s, lo);
        Object b = at(s, Math.ceil(rank));
        double va = Numbers.toDouble(a, unsigned);
        double vb = Numbers.toDouble(b, unsigned);
        return Numbers.fromDouble(va + (rank - lo) * (vb - va), out);
    }

    private Object median(Multiset s) {
        long n = Math.round(s.total);
        Object hi = at(s, n / 2);
        if (n % 2 == 1) {
            return convert(hi);
        }
        Object lo = at(s, n / 2 - 1);
        if (lo instanceof BigDecimal a) {
            BigDecimal sum = a.add((BigDecimal) hi);
            int scale = out.id() == TypeId.DECIMAL ? out.scale() : Math.max(a.scale(), 0);
            return sum.divide(BigDecimal.valueOf(2), scale, RoundingMode.DOWN);
        }
        if (lo instanceof Double || lo instanceof Float) {
            return Numbers.fromDouble((((Number) lo).doubleValue() + ((Number) hi).doubleValue()) / 2, out);
        }
        long a = ((Number) lo).longValue();
        long b = ((Number) hi).longValue();
        long mid = unsigned ? Long.divideUnsigned(a + b, 2) : (a + b) / 2;
        return Numbers.fromLong(mid, out);
    }

    private Object convert(Object v) {
        if (v instanceof BigDecimal d) {
            return out.id() == TypeId.DECIMAL ? d.setScale(out.scale(), RoundingMode.HALF_UP) : v;
        }
        if (v instanceof Double || v instanceof Float) {
            return Numbers.fromDouble(((Number) v).doubleValue(), out);
        }
        return Numbers.fromLong(((Number) v).longValue(), out);
    }

    @Override
    public Multiset copy(Multiset s) {
        Multiset c = create();
        merge(c, s);
        return c;
    }

    @Override
    public void write(StateWriter o, Multiset s) {
        o.writeInt(s.values.size());
        for (Map.Entry<Object, double[]> e : s.values.entrySet()) {
            Values.write(o, e.getKey());
            o.writeDouble(e.getValue()[0]);
            o.writeDouble(e.getValue()[1]);
        }
    }

    @Override
    public Multiset read(StateReader in) throws IOException {
        Multiset s = create();
        for (int i = in.readInt(); i > 0; i--) {
            Object v = Values.read(in);
            double w = in.readDouble();
            double rows = in.readDouble();
            s.values.put(v, new double[] {w, rows});
            s.total += w;
        }
        return s;
    }
}
