package org.wadi.worker.internal.agg;

import java.io.IOException;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * {@code var_samp}, {@code var_pop}, {@code stddev_samp} and {@code stddev_pop}: Welford's running
 * mean and sum of squared deviations ({@code {n, mean, m2}}), combined by Chan's formula and taken
 * back exactly for retractions — DataFusion's algorithm. Results are DOUBLE; NULL without values,
 * and for the sample forms with one value.
 */
final class Moments implements StateFunction<double[]> {

    /** Which statistic the moments give. */
    enum Stat { VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP }

    private final int arg;
    private final boolean unsigned;
    private final Stat stat;

    Moments(int arg, boolean unsigned, Stat stat) {
        this.arg = arg;
        this.unsigned = unsigned;
        this.stat = stat;
    }

    @Override
    public double[] create() {
        return new double[3];
    }

    @Override
    public void add(double[] s, Object[] row) {
        Object v = row[arg];
        if (v != null) {
            add(s, Numbers.toDouble(v, unsigned));
        }
    }

    static void add(double[] s, double x) {
        double n = ++s[0];
        double delta = x - s[1];
        s[1] += delta / n;
        s[2] += delta * (x - s[1]);
    }

    @Override
    public void retract(double[] s, Object[] row) {
        Object v = row[arg];
        if (v != null && s[0] > 0) {
            retract(s, Numbers.toDouble(v, unsigned));
        }
    }

    static void retract(double[] s, double x) {
        double n = s[0] - 1;
        if (n <= 0) {
            s[0] = 0;
            s[1] = 0;
            s[2] = 0;
            return;
        }
        double mean = (s[1] * s[0] - x) / n;
        s[2] -= (x - mean) * (x - s[1]);
        s[1] = mean;
        s[0] = n;
    }

    @Override
    public void merge(double[] into, double[] from) {
        double na = into[0];
        double nb = from[0];
        if (nb == 0) {
            return;
        }
        double n = na + nb;
        double delta = from[1] - into[1];
        into[1] += delta * nb / n;
        into[2] += from[2] + delta * delta * na * nb / n;
        into[0] = n;
    }

    @Override
    public Object result(double[] s) {
        double n = s[0];
        if (n == 0) {
            return null;
        }
        boolean sample = stat == Stat.VAR_SAMP || stat == Stat.STDDEV_SAMP;
        if (n == 1) {
            return sample ? null : 0.0;
        }
        double var = Math.max(0, s[2]) / (sample ? n - 1 : n);
        return stat == Stat.VAR_SAMP || stat == Stat.VAR_POP ? var : Math.sqrt(var);
    }

    @Override
    public double[] copy(double[] s) {
        return s.clone();
    }

    @Override
    public void write(StateWriter out, double[] s) {
        out.writeDoubles(s, 0, 3);
    }

    @Override
    public double[] read(StateReader in) throws IOException {
        double[] s = new double[3];
        in.readDoubles(s, 0, 3);
        return s;
    }
}
